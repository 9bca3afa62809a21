import { listOf } from '../../api';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatDate, formatDateTime } from '../../format';
import { useApi } from '../../use_api';
import { NotOffered } from './NotOffered';
import { displayValue, settingLabel } from './settings_fields';

interface Change {
  key: string;
  before: unknown;
  after: unknown;
}

interface VersionRow {
  version: number;
  effectiveFrom: string;
  createdAt: string;
  author: string | null;
  inForce: boolean;
  changes: Change[];
}

/** Every settings version, newest first, with what it changed from the one before. */
export function SettingsHistory() {
  const versions = useApi<unknown>('/v1/admin/settings/versions');
  const rows = listOf<VersionRow>(versions.data, 'versions');
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      <ErrorNote message={versions.error} />
      {versions.missing ? (
        <NotOffered what="the settings history" endpoint="GET /v1/admin/settings/versions" />
      ) : null}
      {versions.data === null && versions.loading ? <Loading what="the history" /> : null}
      {versions.data !== null && rows.length === 0 ? (
        <EmptyState title="The program runs on its default settings.">
          <p>Each change you save above becomes a version here, with what it changed.</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ol className="cards history" aria-label="Settings versions, newest first">
          {rows.map((row) => {
            const { changes, author } = row;
            return (
              <li key={row.version} className="card">
                <p>
                  <strong>Version {row.version}</strong>, in force from {formatDate(row.effectiveFrom)}{' '}
                  {row.inForce ? <span className="badge">in force now</span> : null}
                </p>
                <p className="muted">
                  Saved {formatDateTime(row.createdAt)}
                  {author ? ` by ${author}` : ''}
                </p>
                {changes.length === 0 ? (
                  <p>No change from the version before.</p>
                ) : (
                  <ul>
                    {changes.map((change) => (
                      <li key={change.key}>
                        {settingLabel(change.key)}: {displayValue(change.key, change.before)} →{' '}
                        {displayValue(change.key, change.after)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
