/**
 * Prints a command's result, and nothing else, on standard output (logs go to standard error):
 * indented JSON with `--json`, for scripts; otherwise one `field: value` line per leaf, nested
 * fields joined with dots and list items numbered, for people.
 */
export function printResult(result: unknown, options: { json: boolean }): void {
  const text = options.json ? JSON.stringify(result, null, 2) : readableLines(result, '').join('\n');
  process.stdout.write(`${text}\n`);
}

function readableLines(value: unknown, path: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${path || 'items'}: (none)`];
    return value.flatMap((item, index) => readableLines(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${path || 'result'}: (empty)`];
    return entries.flatMap(([key, item]) => readableLines(item, path ? `${path}.${key}` : key));
  }
  const text = value instanceof Date ? value.toISOString() : String(value);
  return [path ? `${path}: ${text}` : text];
}
