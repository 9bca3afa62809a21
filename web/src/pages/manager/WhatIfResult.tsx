import { ScrollRegion } from '../../components/ui';
import { formatCents, formatDate } from '../../format';
import { humanKey } from './evidence';
import { displayValue, settingLabel } from './settings_fields';

type Figures = Record<string, unknown>;

interface WhatIfAnswer {
  from?: string | null;
  to?: string | null;
  actual?: Figures;
  replayedCurrent?: Figures;
  whatIf?: Figures;
  /** What the changed settings alone change: what-if − replayed with the settings in force. */
  difference?: Figures;
  selfCheck?: { matches?: boolean };
  teams?: number;
  settingsChanged?: Record<string, { current: unknown; whatIf: unknown }>;
  byMonth?: Array<{ month: string; actualCents?: number; whatIfCents?: number }>;
  notes?: string[];
}

/** Every number of a figures object, nested ones (`byTier.tier1Cents`) flattened with their path. */
function numbersOf(figures: Figures | undefined, prefix = ''): Map<string, number | null> {
  const numbers = new Map<string, number | null>();
  for (const [key, value] of Object.entries(figures ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' || value === null) numbers.set(path, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, number] of numbersOf(value as Figures, path)) numbers.set(inner, number);
    }
  }
  return numbers;
}

function isMoney(path: string): boolean {
  return /cents$/i.test(path) || /^byTier\./.test(path);
}

function formatFigure(path: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (isMoney(path)) return formatCents(value);
  if (/roi/i.test(path)) return `${value.toFixed(1)}x`;
  return value.toLocaleString('en-US');
}

function figureLabel(path: string): string {
  return path
    .split('.')
    .map((part) => humanKey(part.replace(/Cents$/, '')))
    .join(': ');
}

function signed(path: string, value: number): string {
  const text = formatFigure(path, Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `-${text}` : text;
}

/** What the recorded history paid, beside what it would have paid with the changed settings. */
export function WhatIfResult({ answer, fromGiven }: { answer: unknown; fromGiven: boolean }) {
  const result = (answer ?? {}) as WhatIfAnswer;
  const actual = numbersOf(result.actual);
  const whatIf = numbersOf(result.whatIf);
  const replayed = numbersOf(result.replayedCurrent);
  const differences = numbersOf(result.difference);
  const paths = [...new Set([...actual.keys(), ...whatIf.keys()])];
  // The replay reruns no payouts (its paid figure is null), so only money it replays is compared.
  const replayDiffers =
    result.selfCheck !== undefined
      ? result.selfCheck.matches === false
      : [...replayed].some(
          ([path, value]) => value !== null && actual.has(path) && actual.get(path) !== value,
        );
  return (
    <section aria-labelledby="what-if-title" className="what-if">
      <h3 id="what-if-title">Preview: actual vs what-if</h3>
      <p className="muted">
        {fromGiven && result.from
          ? `Recorded history from ${formatDate(result.from)}`
          : 'All recorded history'}
        {result.to ? ` up to ${formatDate(result.to)}` : ''}
        {typeof result.teams === 'number' ? ` (${result.teams} referred teams)` : ''} replayed with the
        changed settings. Nothing is saved by a preview.
      </p>
      {result.settingsChanged ? (
        <ul aria-label="Settings replayed">
          {Object.entries(result.settingsChanged).map(([key, change]) => (
            <li key={key}>
              {settingLabel(key)}: {displayValue(key, change.current)} → {displayValue(key, change.whatIf)}
            </li>
          ))}
        </ul>
      ) : null}
      {paths.length === 0 ? (
        <p>The server answered without figures to compare.</p>
      ) : (
        <ScrollRegion label="Actual vs what-if">
          <table>
            <caption className="visually-hidden">Actual vs what-if</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Actual</th>
                <th scope="col">What-if</th>
                <th scope="col">Difference</th>
              </tr>
            </thead>
            <tbody>
              {paths.map((path) => {
                const before = actual.get(path);
                const after = whatIf.get(path);
                const given = differences.get(path);
                const difference =
                  typeof given === 'number'
                    ? signed(path, given)
                    : typeof before === 'number' && typeof after === 'number'
                      ? signed(path, after - before)
                      : '—';
                return (
                  <tr key={path}>
                    <th scope="row">{figureLabel(path)}</th>
                    <td>{formatFigure(path, before)}</td>
                    <td>{formatFigure(path, after)}</td>
                    <td>{difference}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {replayDiffers ? (
        <p className="error">
          Replaying with the settings in force does not give exactly what the ledger recorded; the difference
          column compares the what-if with that replay.
        </p>
      ) : null}
      {result.byMonth && result.byMonth.length > 0 ? (
        <ScrollRegion label="Commissions by month, actual vs what-if">
          <table>
            <caption>Commissions by month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Actual</th>
                <th scope="col">What-if</th>
              </tr>
            </thead>
            <tbody>
              {result.byMonth.map((row) => (
                <tr key={row.month}>
                  <th scope="row">{row.month}</th>
                  <td>{formatFigure('actualCents', row.actualCents)}</td>
                  <td>{formatFigure('whatIfCents', row.whatIfCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {result.notes?.map((line) => (
        <p key={line} className="muted">
          {line}
        </p>
      ))}
    </section>
  );
}
