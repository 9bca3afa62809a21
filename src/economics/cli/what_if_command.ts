import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { Context } from '../../app/context.js';
import { renderWhatIfTable } from '../rules/what_if_table.js';
import { replayWhatIf } from '../what_if.js';

function parseInstant(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected a UTC day (YYYY-MM-DD) or an ISO time');
  }
  return date;
}

async function readSettingsFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file} is not JSON: it must hold an object of changed program settings`);
  }
}

/**
 * `what-if --settings f.json [--from] [--to]`: what the changed settings would have granted over
 * recorded history, as a table (or `--json`, the shape of `POST /v1/admin/what-if`). Writes nothing.
 */
export function registerWhatIfCommand(
  program: Command,
  commandContext: () => Promise<Context>,
  wantsJson: () => boolean,
): void {
  program
    .command('what-if')
    .description('what changed program settings would have paid over recorded history; writes nothing')
    .requiredOption(
      '--settings <file>',
      'JSON object of changed program settings, e.g. {"tier1BonusCents": 10000}',
    )
    .option('--from <date>', 'start of the range (UTC day or ISO time; default: all history)', parseInstant)
    .option('--to <date>', 'end of the range, exclusive (default: now)', parseInstant)
    .option('--json', 'print JSON')
    .action(async (options: { settings: string; from?: Date; to?: Date; json?: boolean }) => {
      const settings = await readSettingsFile(options.settings);
      const context = await commandContext();
      try {
        const result = await replayWhatIf(context, { settings, from: options.from, to: options.to });
        const json = wantsJson() || Boolean(options.json);
        process.stdout.write(`${json ? JSON.stringify(result, null, 2) : renderWhatIfTable(result)}\n`);
      } finally {
        await context.db.close();
      }
    });
}
