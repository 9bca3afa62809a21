import { useState } from 'react';
import { api, isMissingEndpoint, listOf, problemMessage } from '../../api';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatCents, formatDateTime } from '../../format';
import { useApi } from '../../use_api';
import { disputeParties, evidenceLines, flagKindLabel, humanKey } from './evidence';
import { NotOffered } from './NotOffered';

interface FraudFlag {
  id: string;
  kind: string;
  status: string;
  affiliateId: string | null;
  teamId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  affiliate?: { id: string; name: string; email: string; status: string } | null;
  team?: { id: string; status: string; source: string | null } | null;
  /** The team's commissions by state, when the server gives them. */
  commissions?: Record<string, unknown> | null;
  decisions?: Array<{ decision: string; note: string | null; decidedBy: string; decidedAt: string }>;
}

const statuses = ['open', 'dismissed', 'confirmed'] as const;
const decisions = [
  { decision: 'hold', label: 'Hold', help: 'keep the team’s commissions held while you look further' },
  { decision: 'release', label: 'Release', help: 'not fraud: the commissions continue as normal' },
  {
    decision: 'reverse',
    label: 'Reverse',
    help: 'fraud: the team’s commissions are reversed (paid ones become owed)',
  },
] as const;

/** The fraud review queue: open flags with their evidence, each decided here. */
export function FraudReviewPage() {
  const [status, setStatus] = useState<(typeof statuses)[number]>('open');
  const flags = useApi<unknown>(`/v1/admin/fraud-flags?status=${status}`);
  const rows = listOf<FraudFlag>(flags.data, 'flags');
  const [note, setNote] = useState<string | null>(null);
  return (
    <section>
      <h1>Fraud review</h1>
      <p>
        While a flag is open the team’s commissions are held: they vest but are not paid. Decide each flag
        from its evidence.
      </p>
      <label className="inline">
        Show flags{' '}
        <select value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
          <option value="open">open</option>
          <option value="dismissed">released (dismissed)</option>
          <option value="confirmed">reversed (confirmed)</option>
        </select>
      </label>
      <p role="status">{note}</p>
      <ErrorNote message={flags.error} />
      {flags.missing ? (
        <NotOffered what="the fraud review queue" endpoint="GET /v1/admin/fraud-flags" />
      ) : null}
      {flags.data === null && flags.loading ? <Loading what="fraud flags" /> : null}
      {flags.data !== null && rows.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open flags — nothing to review.' : `No ${status} flags.`}>
          <p>
            Signups from an affiliate’s own address or domain, throwaway mail domains, two agencies claiming
            one domain and hand-offs of teams that another partner referred open a flag here for you to
            decide.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="cards" aria-label="Fraud flags">
          {rows.map((flag) => (
            <FlagCard
              key={flag.id}
              flag={flag}
              onDecided={(message) => {
                setNote(message);
                flags.reload();
              }}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function FlagCard({ flag, onDecided }: { flag: FraudFlag; onDecided: (message: string) => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const subject = flag.teamId ?? flag.id;
  const send = async (path: string, body: unknown, done: string) => {
    setError(null);
    setBusy(true);
    try {
      await api('POST', path, body);
      onDecided(done);
    } catch (failure) {
      setError(
        isMissingEndpoint(failure)
          ? `This server does not offer ${path.replace(/\/[^/]+\/(decision|resolve)$/, '/{id}/$1')} yet.`
          : problemMessage(failure),
      );
    } finally {
      setBusy(false);
    }
  };
  const flagPath = `/v1/admin/fraud-flags/${encodeURIComponent(flag.id)}/decision`;
  const isDispute = flag.kind === 'domain_dispute';
  const parties = isDispute ? disputeParties(flag.details) : [];
  const noteId = `flag-note-${flag.id}`;
  return (
    <li className="card">
      <p>
        <strong>{flagKindLabel(flag.kind)}</strong> <span className="badge">{flag.status}</span>
      </p>
      <p className="muted">
        Flagged {formatDateTime(flag.createdAt)}
        {flag.teamId ? ` · team ${flag.teamId}` : ''}
        {flag.team ? ` (${flag.team.status})` : ''}
        {flag.affiliate
          ? ` · affiliate ${flag.affiliate.name} <${flag.affiliate.email}>`
          : flag.affiliateId
            ? ` · affiliate ${flag.affiliateId}`
            : ''}
      </p>
      <dl className="evidence" aria-label={`Evidence for ${subject}`}>
        {evidenceLines(flag.details).map((line) => (
          <div key={line.label}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
      {flag.commissions ? <CommissionSummary summary={flag.commissions} /> : null}
      {flag.decisions && flag.decisions.length > 0 ? (
        <ul className="decision-help" aria-label={`Decisions on ${subject}`}>
          {flag.decisions.map((decided) => (
            <li key={`${decided.decision}-${decided.decidedAt}`}>
              {decided.decision} by {decided.decidedBy}, {formatDateTime(decided.decidedAt)}
              {decided.note ? `: ${decided.note}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNote message={error} />
      {flag.status !== 'open' ? null : isDispute ? (
        <div className="actions">
          {parties.length === 0 ? (
            <p className="muted">The evidence names no agency to award the domain to.</p>
          ) : (
            parties.map((party) => (
              <button
                key={party.agencyId}
                type="button"
                disabled={busy}
                onClick={() =>
                  send(
                    `/v1/admin/domain-disputes/${encodeURIComponent(flag.id)}/resolve`,
                    { award: party.agencyId },
                    `Domain awarded to the ${party.role}, ${party.name ?? party.agencyId}.`,
                  )
                }
              >
                Award to the {party.role}
                <span className="visually-hidden">, {party.name ?? party.agencyId}</span>
              </button>
            ))
          )}
        </div>
      ) : (
        <div className="decision">
          <label htmlFor={noteId}>Note (optional)</label>
          <input
            id={noteId}
            value={comment}
            maxLength={500}
            onChange={(event) => setComment(event.target.value)}
          />
          <div className="actions">
            {decisions.map((choice) => (
              <button
                key={choice.decision}
                type="button"
                className={choice.decision === 'hold' ? 'secondary' : undefined}
                disabled={busy}
                title={choice.help}
                onClick={() =>
                  send(
                    flagPath,
                    { decision: choice.decision, ...(comment.trim() ? { note: comment.trim() } : {}) },
                    `${flagKindLabel(flag.kind)} for ${subject}: ${choice.label.toLowerCase()} recorded.`,
                  )
                }
              >
                {choice.label}
                <span className="visually-hidden"> {subject}</span>
              </button>
            ))}
          </div>
          <ul className="muted decision-help">
            {decisions.map((choice) => (
              <li key={choice.decision}>
                <strong>{choice.label}</strong>: {choice.help}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

function CommissionSummary({ summary }: { summary: Record<string, unknown> }) {
  const amounts = Object.entries(summary).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[0].endsWith('Cents'),
  );
  const count = typeof summary.count === 'number' ? summary.count : null;
  if (count === 0) return <p>The team has earned no commission yet.</p>;
  return (
    <p>
      Team’s commissions{count === null ? '' : ` (${count})`}
      {summary.held === true ? ', held' : ''}:{' '}
      {amounts
        .map(([key, value]) => `${humanKey(key.replace(/Cents$/, ''))} ${formatCents(value)}`)
        .join(' · ')}
    </p>
  );
}
