/**
 * Who acts from the command line, as stored beside an audited admin action: the operating-system
 * user, as `cli:<name>` (beside `user:<id>` and `key:<id>` for the API, see `http/actor.ts`).
 */
export function cliActor(): string {
  return `cli:${process.env['USER'] ?? process.env['USERNAME'] ?? 'operator'}`;
}
