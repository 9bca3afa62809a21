import { type FormEvent, useState } from 'react';
import { api, listOf } from '../api';
import { CopyButton, EmptyState, ErrorNote, Loading } from '../components/ui';
import { formatDate } from '../format';
import { useApi } from '../use_api';

interface LinkRow {
  id?: string;
  code: string;
  url: string;
  tag: string | null;
  destination?: string;
  createdAt?: string;
  clicks?: number;
  signups?: number;
}

export function LinksPage({ affiliateId }: { affiliateId: string }) {
  const links = useApi<unknown>(`/v1/affiliates/${encodeURIComponent(affiliateId)}/links`);
  const rows = listOf<LinkRow>(links.data, 'links');
  return (
    <section>
      <h1>Your links</h1>
      <NewLinkForm affiliateId={affiliateId} onCreated={links.reload} />
      <ErrorNote message={links.error} />
      {links.data === null && links.loading ? <Loading what="your links" /> : null}
      {links.data !== null && rows.length === 0 ? (
        <EmptyState title="No links yet.">
          <p>
            Create one above for each blog post, repository or video, so you can see which one brings
            developers.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="cards" aria-label="Links">
          {rows.map((link) => (
            <li key={link.code} className="card">
              <p className="link-line">
                <code>{link.url}</code> <CopyButton text={link.url} what={`link ${link.tag ?? link.code}`} />
              </p>
              <p className="muted">
                {link.tag ? `Tag ${link.tag}` : 'No tag'}
                {link.destination ? ` · to ${link.destination}` : ''}
                {link.createdAt ? ` · created ${formatDate(link.createdAt)}` : ''}
                {typeof link.clicks === 'number' ? ` · ${link.clicks} clicks` : ''}
                {typeof link.signups === 'number' ? ` · ${link.signups} signups` : ''}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function NewLinkForm({ affiliateId, onCreated }: { affiliateId: string; onCreated: () => void }) {
  const [tag, setTag] = useState('');
  const [destination, setDestination] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const page = destination.trim();
      const link = await api<{ url: string }>('POST', '/v1/links', {
        affiliateId,
        tag: tag.trim(),
        ...(page ? { destination: page } : {}),
      });
      setCreated(link.url);
      setTag('');
      setDestination('');
      onCreated();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card">
      <h2>New link for a post</h2>
      <label htmlFor="new-link-tag">Post, repository or video (a short tag)</label>
      <input
        id="new-link-tag"
        required
        maxLength={64}
        pattern="[A-Za-z0-9._\-]{1,64}"
        placeholder="my-blog-post"
        aria-describedby="new-link-tag-help"
        value={tag}
        onChange={(event) => setTag(event.target.value)}
      />
      <p id="new-link-tag-help" className="muted">
        Letters, digits, dot, dash and underscore. The funnel shows each tag on its own.
      </p>
      <label htmlFor="new-link-destination">Page it leads to (optional)</label>
      <input
        id="new-link-destination"
        type="url"
        placeholder="https://emdash.dev/"
        aria-describedby="new-link-destination-help"
        value={destination}
        onChange={(event) => setDestination(event.target.value)}
      />
      <p id="new-link-destination-help" className="muted">
        Leave empty for the EmDash home page.
      </p>
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create link'}
      </button>
      {created ? (
        <p className="link-line" role="status">
          New link: <code>{created}</code> <CopyButton text={created} what="the new link" />
        </p>
      ) : null}
    </form>
  );
}
