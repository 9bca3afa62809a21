import type { Me } from '../../api';
import { projectIdOfPath } from './agency_routes';
import { ClientDomainsPage } from './ClientDomains';
import { HandoffsPage } from './Handoffs';
import { MembersPage } from './Members';
import { ProjectPage } from './Project';
import { ProjectsPage } from './Projects';
import { RevenueSharePage } from './RevenueShare';
import './agency.css';

/** The agency's workspace, loaded only when an agency's people open it (kept out of the first load). */
export function AgencyWorkspace({ path, agencyId, me }: { path: string; agencyId: string; me: Me }) {
  const projectId = projectIdOfPath(path);
  if (projectId) return <ProjectPage key={projectId} projectId={projectId} />;
  if (path === '/agency/client-domains') return <ClientDomainsPage agencyId={agencyId} />;
  if (path === '/agency/members') return <MembersPage agencyId={agencyId} me={me} />;
  if (path === '/agency/handoffs') return <HandoffsPage agencyId={agencyId} />;
  if (path === '/agency/revenue-share') return <RevenueSharePage agencyId={agencyId} />;
  return <ProjectsPage agencyId={agencyId} />;
}
