import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote } from '../components/ui';
import { Link } from '../router';

export function ApplyPage() {
  const [form, setForm] = useState({ name: '', email: '', kind: 'developer', website: '' });
  const [applied, setApplied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const website = form.website.trim();
      await api('POST', '/v1/applications', {
        name: form.name.trim(),
        email: form.email.trim(),
        kind: form.kind,
        ...(website ? { website } : {}),
      });
      setApplied(true);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (applied) {
    return (
      <section className="narrow">
        <h1>Thanks for applying</h1>
        <p>
          A program manager reviews every application. Once yours is approved you get an email with a sign-in
          link to your dashboard.
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Apply to the affiliate program</h1>
      <p>Earn when the developers you refer activate EmDash — not for clicks or leads.</p>
      <form onSubmit={submit}>
        <label htmlFor="apply-name">Name</label>
        <input
          id="apply-name"
          autoComplete="name"
          required
          maxLength={200}
          value={form.name}
          onChange={set('name')}
        />
        <label htmlFor="apply-email">Email</label>
        <input
          id="apply-email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set('email')}
        />
        <label htmlFor="apply-kind">I am</label>
        <select id="apply-kind" value={form.kind} onChange={set('kind')}>
          <option value="developer">a developer or content author</option>
          <option value="agency">an agency</option>
        </select>
        <label htmlFor="apply-website">Website, blog or repository (optional)</label>
        <input
          id="apply-website"
          type="url"
          placeholder="https://"
          value={form.website}
          onChange={set('website')}
        />
        <ErrorNote message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Apply'}
        </button>
      </form>
      <p>
        Already approved? <Link to="/sign-in">Sign in</Link>.
      </p>
    </section>
  );
}
