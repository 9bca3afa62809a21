import { parseConfiguration } from './configuration_template';

/**
 * The configuration as JSON in a plain textarea, checked as it is typed: a syntax error is shown
 * (and announced) with its line and column; the server checks fields and bounds on save.
 */
export function ConfigurationEditor({
  id,
  label,
  text,
  onChange,
}: {
  id: string;
  label: string;
  text: string;
  onChange: (text: string) => void;
}) {
  const parsed = parseConfiguration(text);
  return (
    <div className="config-editor">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code-area"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        rows={Math.min(28, Math.max(10, text.split('\n').length + 1))}
        aria-describedby={`${id}-check`}
        aria-invalid={!parsed.ok}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-check`} className={parsed.ok ? 'muted' : 'error'} aria-live="polite">
        {parsed.ok ? 'Valid JSON. The server checks every field when you save.' : parsed.message}
      </p>
    </div>
  );
}
