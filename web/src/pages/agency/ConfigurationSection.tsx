import { type FormEvent, useEffect, useState } from 'react';
import { api, problemMessage } from '../../api';
import { ErrorNote } from '../../components/ui';
import { type ConfigurationVersion, type Project, projectApiPath } from './agency_api';
import { ConfigurationEditor } from './ConfigurationEditor';
import { formatConfiguration, parseConfiguration } from './configuration_template';

/** The current configuration in the editor; saving with a message writes the next version. */
export function ConfigurationSection({ project, onSaved }: { project: Project; onSaved: () => void }) {
  const [text, setText] = useState(() => formatConfiguration(project.configuration));
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new current version (a rollback) replaces what the editor shows.
  useEffect(() => {
    setText(formatConfiguration(project.configuration));
  }, [project.configuration]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseConfiguration(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const note = message.trim();
      const version = await api<ConfigurationVersion>('PUT', projectApiPath(project.id, '/configuration'), {
        configuration: parsed.value,
        ...(note ? { message: note } : {}),
      });
      setSaved(
        version.version === project.version
          ? `Nothing changed: version ${version.version} already holds this configuration.`
          : `Saved as version ${version.version}.`,
      );
      setMessage('');
      onSaved();
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="configuration-heading">
      <h2 id="configuration-heading">Configuration</h2>
      <ConfigurationEditor
        id="project-configuration"
        label={`Configuration (JSON), version ${project.version}`}
        text={text}
        onChange={setText}
      />
      <label htmlFor="configuration-message">What changed (optional)</label>
      <input
        id="configuration-message"
        maxLength={500}
        placeholder="Raise the monthly limit for the launch"
        value={message}
        onChange={(event) => setMessage(event.target.value)}
      />
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save as a new version'}
      </button>
      <p role="status" className="muted">
        {saved ?? ''}
      </p>
    </form>
  );
}
