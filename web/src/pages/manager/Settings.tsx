import { type FormEvent, useMemo, useState } from 'react';
import { api, isMissingEndpoint, problemMessage } from '../../api';
import { ErrorNote, Loading, ScrollRegion } from '../../components/ui';
import { formatDate } from '../../format';
import { useApi } from '../../use_api';
import { NotOffered } from './NotOffered';
import { SettingsHistory } from './SettingsHistory';
import {
  changesOf,
  displayValue,
  fieldsOf,
  inputText,
  type SettingField,
  type Settings,
  settingLabel,
} from './settings_fields';
import { WhatIfResult } from './WhatIfResult';

interface SettingsVersion {
  version: number | null;
  effectiveFrom: string | null;
  settings: Settings;
}

/** Program settings: the values in force, a change previewed over recorded history, then saved as a version. */
export function SettingsPage() {
  const current = useApi<SettingsVersion>('/v1/admin/settings');
  const [historyGeneration, setHistoryGeneration] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section>
      <h1>Program settings</h1>
      <p>
        A change is a new version that applies from its date on; it never rewrites what was already earned.
        Preview it first: it replays recorded history with the new values and saves nothing.
      </p>
      <p role="status">{saved}</p>
      <ErrorNote message={current.error} />
      {current.missing ? <NotOffered what="program settings" endpoint="GET /v1/admin/settings" /> : null}
      {current.data === null && current.loading ? <Loading what="the settings" /> : null}
      {current.data ? (
        <SettingsForm
          key={`${current.data.version}-${current.data.effectiveFrom}`}
          current={current.data}
          onSaved={(version) => {
            setSaved(
              `Saved as version ${version.version ?? '—'}, in force from ${formatDate(version.effectiveFrom)}.`,
            );
            current.reload();
            setHistoryGeneration((value) => value + 1);
          }}
        />
      ) : null}
      {/* A new key after a save loads the history afresh. */}
      <SettingsHistory key={historyGeneration} />
    </section>
  );
}

function SettingsForm({
  current,
  onSaved,
}: {
  current: SettingsVersion;
  onSaved: (version: SettingsVersion) => void;
}) {
  const fields = useMemo(() => fieldsOf(current.settings), [current.settings]);
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.key, inputText(field, current.settings[field.key])])),
  );
  const [effectiveDate, setEffectiveDate] = useState('');
  const [replayFrom, setReplayFrom] = useState('');
  const [replayTo, setReplayTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pending = changesOf(fields, current.settings, typed);
  const changedKeys = 'changes' in pending ? Object.keys(pending.changes) : [];

  const withChanges = async (run: (changes: Settings) => Promise<void>) => {
    setError(null);
    if ('error' in pending) return setError(pending.error);
    if (changedKeys.length === 0) return setError('Nothing changed yet: type a new value first.');
    setBusy(true);
    try {
      await run(pending.changes);
    } catch (failure) {
      setError(
        isMissingEndpoint(failure)
          ? 'This server does not offer the what-if preview yet (POST /v1/admin/what-if); you can still save.'
          : problemMessage(failure),
      );
    } finally {
      setBusy(false);
    }
  };
  const previewChanges = () =>
    withChanges(async (changes) => {
      setPreview(null);
      const range = { ...(replayFrom ? { from: replayFrom } : {}), ...(replayTo ? { to: replayTo } : {}) };
      setPreview(await api('POST', '/v1/admin/what-if', { settings: changes, ...range }));
    });
  const save = (event: FormEvent) => {
    event.preventDefault();
    void withChanges(async (changes) => {
      const body = {
        changes,
        ...(effectiveDate ? { effectiveFrom: `${effectiveDate}T00:00:00.000Z` } : {}),
      };
      onSaved(await api<SettingsVersion>('POST', '/v1/admin/settings', body));
    });
  };

  return (
    <form onSubmit={save} className="settings-form" aria-labelledby="settings-title">
      <h2 id="settings-title">
        Version {current.version ?? 'default'}
        {current.effectiveFrom ? `, in force since ${formatDate(current.effectiveFrom)}` : ''}
      </h2>
      <ScrollRegion label="Settings">
        <table>
          <caption className="visually-hidden">
            Each setting, its value now and a field for a new value
          </caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Now</th>
              <th scope="col">New value</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.key} className={changedKeys.includes(field.key) ? 'changed' : undefined}>
                <th scope="row">
                  <label htmlFor={`setting-${field.key}`}>{field.label}</label>
                </th>
                <td>{displayValue(field.key, current.settings[field.key])}</td>
                <td>
                  <SettingInput
                    field={field}
                    text={typed[field.key] ?? ''}
                    onChange={(text) => setTyped((values) => ({ ...values, [field.key]: text }))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p aria-live="polite">
        {changedKeys.length === 0
          ? 'No changes yet.'
          : `Changing: ${changedKeys.map((key) => settingLabel(key)).join(', ')}.`}
      </p>
      <label htmlFor="settings-effective">
        In force from (optional; today when empty, never in the past)
      </label>
      <input
        id="settings-effective"
        type="date"
        value={effectiveDate}
        onChange={(event) => setEffectiveDate(event.target.value)}
      />
      <fieldset className="replay-range">
        <legend>Preview over (optional; all recorded history when empty)</legend>
        <label htmlFor="replay-from">From</label>
        <input
          id="replay-from"
          type="date"
          value={replayFrom}
          onChange={(event) => setReplayFrom(event.target.value)}
        />
        <label htmlFor="replay-to">To</label>
        <input
          id="replay-to"
          type="date"
          value={replayTo}
          onChange={(event) => setReplayTo(event.target.value)}
        />
      </fieldset>
      <ErrorNote message={error} />
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={previewChanges}>
          Preview
        </button>
        <button type="submit" disabled={busy}>
          Save settings
        </button>
      </div>
      {preview !== null ? <WhatIfResult answer={preview} fromGiven={replayFrom !== ''} /> : null}
    </form>
  );
}

function SettingInput({
  field,
  text,
  onChange,
}: {
  field: SettingField;
  text: string;
  onChange: (text: string) => void;
}) {
  const id = `setting-${field.key}`;
  if (field.unit === 'switch') {
    return (
      <input
        id={id}
        type="checkbox"
        className="switch"
        checked={text === 'true'}
        onChange={(event) => onChange(String(event.target.checked))}
      />
    );
  }
  if (field.unit === 'choice' && field.choices) {
    return (
      <select id={id} value={text} onChange={(event) => onChange(event.target.value)}>
        {field.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    );
  }
  const numeric = field.unit === 'dollars' || field.unit === 'percent' || field.unit === 'count';
  return (
    <input
      id={id}
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      value={text}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
