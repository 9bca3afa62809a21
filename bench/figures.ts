/** Medians and the plain-text tables the HTTP benchmarks print. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "1.2" for one load average, "1.2–3.4" for the range over several runs. */
export function loadRange(loadAverages: readonly number[]): string {
  const low = Math.min(...loadAverages).toFixed(1);
  const high = Math.max(...loadAverages).toFixed(1);
  return low === high ? low : `${low}–${high}`;
}

export function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

export function printTable(header: readonly string[], lines: readonly string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const format = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}
