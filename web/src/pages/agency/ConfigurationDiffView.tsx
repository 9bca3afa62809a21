import type { ConfigurationChange } from './agency_api';

const opLabels: Record<ConfigurationChange['op'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/**
 * Each change as a path with its kind written out (not only coloured) and its values before and
 * after, so the list reads the same to a screen reader and in grey scale.
 */
export function ConfigurationDiffView({
  from,
  to,
  changes,
}: {
  from: number;
  to: number;
  changes: ConfigurationChange[];
}) {
  if (changes.length === 0) {
    return (
      <p className="muted" data-testid="diff">
        Versions {from} and {to} hold the same configuration.
      </p>
    );
  }
  return (
    <ul className="diff" aria-label={`Changes from version ${from} to version ${to}`} data-testid="diff">
      {changes.map((change) => (
        <li key={`${change.op}:${change.path}`} className={`diff-item diff-${change.op}`}>
          <p className="diff-head">
            <span className={`diff-op diff-op-${change.op}`}>{opLabels[change.op]}</span>{' '}
            <code>{change.path === '' ? '(the whole document)' : change.path}</code>
          </p>
          {change.op !== 'added' ? (
            <div className="diff-value">
              <span className="diff-value-label">Before</span>
              <pre>{json(change.before)}</pre>
            </div>
          ) : null}
          {change.op !== 'removed' ? (
            <div className="diff-value">
              <span className="diff-value-label">After</span>
              <pre>{json(change.after)}</pre>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
