import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote } from '../components/ui';
import { Link } from '../router';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/auth/magic-link', { email: email.trim() });
      setSentTo(email.trim());
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (sentTo) {
    return (
      <section className="narrow">
        <h1>Check your mail</h1>
        <p>
          If <strong>{sentTo}</strong> has an account, a sign-in link is on its way. It works once, for 15
          minutes.
        </p>
        <button type="button" className="secondary" onClick={() => setSentTo(null)}>
          Use another email
        </button>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <p>We email you a one-time sign-in link. No password to remember.</p>
      <form onSubmit={submit}>
        <label htmlFor="sign-in-email">Email</label>
        <input
          id="sign-in-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <ErrorNote message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Email me a sign-in link'}
        </button>
      </form>
      <p>
        Not an affiliate yet? <Link to="/apply">Apply to the program</Link>.
      </p>
    </section>
  );
}
