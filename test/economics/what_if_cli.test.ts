import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { runCli } from '../support/processes.js';

const folder = mkdtempSync(join(tmpdir(), 'emdash-what-if-'));
const environment = { DATA_DIR: join(folder, 'data'), EMDASH_SIMULATED_CLOCK: '2026-06-01T00:00:00Z' };

function settingsFile(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('npm run cli -- what-if', () => {
  it(
    'prints a table of the ledger, the replay and the what-if, and the same as JSON with --json',
    async () => {
      const file = settingsFile('double.json', JSON.stringify({ tier1BonusCents: 10_000 }));
      const table = await runCli(['what-if', '--settings', file, '--from', '2026-01-01'], environment);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain('What-if over 2026-01-01T00:00:00.000Z – 2026-06-01T00:00:00.000Z');
      expect(table.stdout).toContain('Settings changed: tier1BonusCents 5000 → 10000');
      expect(table.stdout).toMatch(/Commissions \(net\)\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+\$0\.00/);
      expect(table.stdout).toContain('Self-check: the replay with the settings in force equals the ledger.');

      const json = await runCli(['--json', 'what-if', '--settings', file], environment);
      expect(json.code, json.stderr).toBe(0);
      const printed = JSON.parse(json.stdout);
      expect(printed).toMatchObject({
        to: '2026-06-01T00:00:00.000Z',
        teams: 0,
        settingsChanged: { tier1BonusCents: { current: 5_000, whatIf: 10_000 } },
        selfCheck: { matches: true },
      });
    },
    spawnedProcessesBudgetMs,
  );

  it(
    'stops with exit code 1 and the setting at fault for settings it cannot replay or read',
    async () => {
      const cannot = settingsFile('cookie.json', JSON.stringify({ cookieWindowDays: 30 }));
      const refused = await runCli(['what-if', '--settings', cannot], environment);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('cannot replay cookieWindowDays');

      const notJson = settingsFile('broken.json', '{tier1BonusCents: 1');
      const unreadable = await runCli(['what-if', '--settings', notJson], environment);
      expect(unreadable.code).toBe(1);
      expect(unreadable.stderr).toContain('is not JSON');
    },
    spawnedProcessesBudgetMs,
  );
});
