import { type FormEvent, useState } from 'react';
import { api, listOf, problemMessage } from '../../api';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatDate } from '../../format';
import { Link, useRoute } from '../../router';
import { useApi } from '../../use_api';
import { agencyPath, type Project, type ProjectSummary } from './agency_api';
import { projectPath } from './agency_routes';
import { ConfigurationEditor } from './ConfigurationEditor';
import { configurationTemplate, formatConfiguration, parseConfiguration } from './configuration_template';

function handoffCaveat(conflictFlagId: string | undefined): string {
  return conflictFlagId
    ? ' · another partner held it: sent for review'
    : ' · signed up unreferred: not yours';
}

export function ProjectsPage({ agencyId }: { agencyId: string }) {
  const projects = useApi<unknown>(agencyPath(agencyId, '/projects'));
  const rows = listOf<ProjectSummary>(projects.data, 'projects');
  return (
    <section>
      <h1>Client projects</h1>
      <ErrorNote message={projects.error} />
      {projects.data === null && projects.loading ? <Loading what="your projects" /> : null}
      {projects.data !== null && rows.length === 0 ? (
        <EmptyState title="No projects yet.">
          <p>
            Create one below for each client: its name, the client's domain and the EmDash configuration you
            prepare for them. When it is ready, hand it off to the client's team from the project's page.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="cards" aria-label="Projects">
          {rows.map((project) => (
            <li key={project.id} className="card">
              <p className="project-name">
                <Link to={projectPath(project.id)}>{project.name}</Link>
              </p>
              <p className="muted">
                {project.clientDomain ? `${project.clientDomain} · ` : ''}
                version {project.version} · updated {formatDate(project.updatedAt)}
              </p>
              <p>
                {project.handoff ? (
                  <span className="badge">
                    Handed off to {project.handoff.teamId}
                    {project.handoff.attributed ? '' : handoffCaveat(project.handoff.conflictFlagId)}
                  </span>
                ) : (
                  <span className="badge">Not handed off yet</span>
                )}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      <NewProjectForm agencyId={agencyId} />
    </section>
  );
}

function NewProjectForm({ agencyId }: { agencyId: string }) {
  const { navigate } = useRoute();
  const [name, setName] = useState('');
  const [clientDomain, setClientDomain] = useState('');
  const [text, setText] = useState(() => formatConfiguration(configurationTemplate));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseConfiguration(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const domain = clientDomain.trim();
      const project = await api<Project>('POST', agencyPath(agencyId, '/projects'), {
        name: name.trim(),
        ...(domain ? { clientDomain: domain } : {}),
        configuration: parsed.value,
      });
      navigate(projectPath(project.id));
    } catch (failure) {
      setError(problemMessage(failure));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="new-project-heading">
      <h2 id="new-project-heading">New project</h2>
      <label htmlFor="new-project-name">Project name</label>
      <input
        id="new-project-name"
        required
        maxLength={200}
        placeholder="Acme rollout"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <label htmlFor="new-project-domain">Client's domain (optional)</label>
      <input
        id="new-project-domain"
        maxLength={253}
        placeholder="acme.example"
        aria-describedby="new-project-domain-help"
        value={clientDomain}
        onChange={(event) => setClientDomain(event.target.value)}
      />
      <p id="new-project-domain-help" className="muted">
        The company domain the client's people sign up with. Claim it under Client domains so their signups
        are yours.
      </p>
      <ConfigurationEditor
        id="new-project-configuration"
        label="Configuration (JSON)"
        text={text}
        onChange={setText}
      />
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}
