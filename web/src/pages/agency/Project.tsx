import { useState } from 'react';
import { ErrorNote, Loading } from '../../components/ui';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { useApi } from '../../use_api';
import { type Project, projectApiPath } from './agency_api';
import { ConfigurationSection } from './ConfigurationSection';
import { HandoffSection } from './HandoffSection';
import { HistorySection } from './HistorySection';

/** One client project: its configuration, the versions it went through, and its hand-off. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const project = useApi<Project>(projectApiPath(projectId));
  // Saving, rolling back or handing off bumps this so the history and the header read afresh.
  const [changes, setChanges] = useState(0);
  const changed = () => {
    setChanges((value) => value + 1);
    project.reload();
  };
  if (project.data === null) {
    return (
      <section>
        <h1>Project</h1>
        <ErrorNote message={project.error} />
        {project.loading ? <Loading what="the project" /> : null}
        <p>
          <Link to="/agency">Back to the projects</Link>
        </p>
      </section>
    );
  }
  const current = project.data;
  return (
    <section>
      <p className="muted">
        <Link to="/agency">Projects</Link> / {current.name}
      </p>
      <h1>{current.name}</h1>
      <p className="muted" data-testid="project-meta">
        {current.clientDomain ? `Client domain ${current.clientDomain} · ` : ''}
        Version {current.version} · updated {formatDateTime(current.updatedAt)}
      </p>
      <ErrorNote message={project.error} />
      <ConfigurationSection project={current} onSaved={changed} />
      <HistorySection
        projectId={current.id}
        currentVersion={current.version}
        generation={changes}
        onRolledBack={changed}
      />
      <HandoffSection project={current} onHandedOff={changed} />
    </section>
  );
}
