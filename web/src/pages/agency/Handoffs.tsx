import { listOf } from '../../api';
import { EmptyState, ErrorNote, Loading, ScrollRegion } from '../../components/ui';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { useApi } from '../../use_api';
import { agencyPath, type HandoffRow } from './agency_api';
import { projectPath } from './agency_routes';

function attributionOf(row: HandoffRow): string {
  if (row.attributed) return 'Yours: earns Tier 4';
  return row.conflictFlagId ? 'Another partner held it: sent for review' : 'Signed up unreferred: not yours';
}

export function HandoffsPage({ agencyId }: { agencyId: string }) {
  const handoffs = useApi<unknown>(agencyPath(agencyId, '/handoffs'));
  const rows = listOf<HandoffRow>(handoffs.data, 'handoffs');
  return (
    <section>
      <h1>Hand-offs</h1>
      <ErrorNote message={handoffs.error} />
      {handoffs.data === null && handoffs.loading ? <Loading what="your hand-offs" /> : null}
      {handoffs.data !== null && rows.length === 0 ? (
        <EmptyState title="No hand-offs yet.">
          <p>
            When a client project is ready, open it under <Link to="/agency">Projects</Link> and hand it off
            to the client's team: the team inherits the configuration and you earn 20 % of its invoices for 12
            months.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Hand-offs">
          <table>
            <caption className="visually-hidden">Hand-offs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Client team</th>
                <th scope="col">Handed off</th>
                <th scope="col">Configuration</th>
                <th scope="col">Attribution</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.projectId}>
                  <td>
                    <Link to={projectPath(row.projectId)}>{row.projectName}</Link>
                  </td>
                  <td>{row.teamId}</td>
                  <td>{formatDateTime(row.handedOffAt)}</td>
                  <td>version {row.configurationVersion}</td>
                  <td>{attributionOf(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
