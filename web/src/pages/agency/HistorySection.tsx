import { useEffect, useState } from 'react';
import { api, listOf, problemMessage } from '../../api';
import { ErrorNote, Loading, ScrollRegion } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useApi } from '../../use_api';
import { authorLabel, type ConfigurationDiff, type ConfigurationVersion, projectApiPath } from './agency_api';
import { ConfigurationDiffView } from './ConfigurationDiffView';

/** Every version, newest first, with a comparison of any two and a rollback to an older one. */
export function HistorySection({
  projectId,
  currentVersion,
  generation,
  onRolledBack,
}: {
  projectId: string;
  currentVersion: number;
  generation: number;
  onRolledBack: () => void;
}) {
  const versions = useApi<unknown>(projectApiPath(projectId, '/configuration/versions'));
  const { reload } = versions;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation means a version was written
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation]);
  const rows = listOf<ConfigurationVersion>(versions.data, 'versions');
  const [rollbackError, setRollbackError] = useState<string | null>(null);
  const [rolledBack, setRolledBack] = useState<string | null>(null);
  const rollBack = async (version: number) => {
    setRollbackError(null);
    setRolledBack(null);
    try {
      const written = await api<ConfigurationVersion>(
        'POST',
        projectApiPath(projectId, '/configuration/rollback'),
        {
          version,
          message: `Rolled back to version ${version}`,
        },
      );
      setRolledBack(`Version ${written.version} now holds the configuration of version ${version}.`);
      onRolledBack();
    } catch (failure) {
      setRollbackError(problemMessage(failure));
    }
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ErrorNote message={versions.error ?? rollbackError} />
      {versions.data === null && versions.loading ? <Loading what="the versions" /> : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Configuration versions">
          <table>
            <caption className="visually-hidden">Configuration versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Written</th>
                <th scope="col">By</th>
                <th scope="col">Message</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.version}>
                  <td>
                    {row.version}
                    {row.version === currentVersion ? <span className="badge">current</span> : null}
                  </td>
                  <td>{formatDateTime(row.createdAt)}</td>
                  <td>{authorLabel(row.author)}</td>
                  <td className="wrap">{row.message ?? '—'}</td>
                  <td>
                    {row.version !== currentVersion ? (
                      <button type="button" className="secondary" onClick={() => rollBack(row.version)}>
                        Roll back to version {row.version}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <p className="muted">
        Rolling back writes a new version with the older configuration; no version is lost.
      </p>
      <p role="status" className="muted">
        {rolledBack ?? ''}
      </p>
      {rows.length > 1 ? <CompareVersions projectId={projectId} versions={rows} /> : null}
      {versions.data !== null && rows.length === 1 ? (
        <p className="muted">Save a change to the configuration to compare two versions.</p>
      ) : null}
    </section>
  );
}

function CompareVersions({ projectId, versions }: { projectId: string; versions: ConfigurationVersion[] }) {
  const newest = versions[0]?.version ?? 1;
  const previous = versions[1]?.version ?? newest;
  const [from, setFrom] = useState(previous);
  const [to, setTo] = useState(newest);
  const [diff, setDiff] = useState<ConfigurationDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A newly written version becomes the default comparison: the one before it against it.
  useEffect(() => {
    setTo(newest);
    setFrom(previous);
    setDiff(null);
  }, [newest, previous]);
  const compare = async () => {
    setError(null);
    try {
      setDiff(
        await api<ConfigurationDiff>(
          'GET',
          projectApiPath(projectId, `/configuration/diff?from=${from}&to=${to}`),
        ),
      );
    } catch (failure) {
      setError(problemMessage(failure));
    }
  };
  const options = versions.map((row) => (
    <option key={row.version} value={row.version}>
      {row.version}
    </option>
  ));
  return (
    <section className="card compare" aria-labelledby="compare-heading">
      <h3 id="compare-heading">Compare two versions</h3>
      <div className="compare-row">
        <label className="inline" htmlFor="compare-from">
          From version
        </label>
        <select id="compare-from" value={from} onChange={(event) => setFrom(Number(event.target.value))}>
          {options}
        </select>
        <label className="inline" htmlFor="compare-to">
          to version
        </label>
        <select id="compare-to" value={to} onChange={(event) => setTo(Number(event.target.value))}>
          {options}
        </select>
        <button type="button" onClick={compare}>
          Show changes
        </button>
      </div>
      <ErrorNote message={error} />
      {diff ? <ConfigurationDiffView from={diff.from} to={diff.to} changes={diff.changes} /> : null}
    </section>
  );
}
