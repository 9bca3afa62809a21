import { useState } from 'react';
import { api, listOf, problemMessage } from '../../api';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatDate } from '../../format';
import { useApi } from '../../use_api';

interface Application {
  id: string;
  affiliateId?: string;
  email: string;
  name: string;
  kind: string;
  website?: string | null;
  status?: string;
  createdAt: string;
}

/** The application queue: pending applications to approve (mails a sign-in link) or reject. */
export function ApplicationsPage() {
  const applications = useApi<unknown>('/v1/applications?status=pending');
  const rows = listOf<Application>(applications.data, 'applications');
  const [error, setError] = useState<string | null>(null);
  const [decided, setDecided] = useState<Record<string, string>>({});
  const decide = async (application: Application, decision: 'approve' | 'reject') => {
    setError(null);
    const affiliateId = application.affiliateId ?? application.id;
    try {
      await api('POST', `/v1/affiliates/${encodeURIComponent(affiliateId)}/${decision}`);
      setDecided((current) => ({
        ...current,
        [application.id]: decision === 'approve' ? 'approved' : 'rejected',
      }));
    } catch (failure) {
      setError(problemMessage(failure));
    }
  };
  return (
    <section>
      <h1>Applications</h1>
      <ErrorNote message={applications.error ?? error} />
      {applications.data === null && applications.loading ? <Loading what="applications" /> : null}
      {applications.data !== null && rows.length === 0 ? (
        <EmptyState title="No applications waiting.">
          <p>
            New applications from the public form at <a href="/apply">/apply</a> appear here for you to
            approve or reject. Share that page with developers and agencies you would like in the program.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="cards" aria-label="Pending applications">
          {rows.map((application) => (
            <li key={application.id} className="card">
              <p>
                <strong>{application.name}</strong> · {application.email} · {application.kind}
              </p>
              <p className="muted">
                Applied {formatDate(application.createdAt)}
                {application.website ? ` · ${application.website}` : ''}
              </p>
              {decided[application.id] ? (
                <p role="status">Application {decided[application.id]}.</p>
              ) : (
                <div className="actions">
                  <button type="button" onClick={() => decide(application, 'approve')}>
                    Approve {application.name}
                  </button>
                  <button type="button" className="secondary" onClick={() => decide(application, 'reject')}>
                    Reject {application.name}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
