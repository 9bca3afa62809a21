import type { Context } from '../app/context.js';
import { parseCalendarMonth } from '../commissions/rules/reconciliation.js';
import { refundedTotalsByInvoice } from '../commissions/rules/team_evaluation.js';
import { listReports } from '../commissions/storage/reconciliation_reports.js';
import { sumLedgerByPeriod } from '../ledger/storage/ledger_period_sums.js';
import { AppError } from '../platform/rules/errors.js';
import {
  type AttributedTeam,
  type AttributedTeamsCursor,
  loadAttributedTeamsPage,
} from '../referrals/storage/attributed_teams_page.js';
import type { ProgramSettings } from '../settings/rules/program_settings.js';
import { recordedAsReplayed, type WhatIfTeamFacts } from './rules/what_if_facts.js';
import { type ReplayClock, replayAffiliate } from './rules/what_if_replay.js';
import {
  classifySettingsChanges,
  overlaidVersions,
  replayableSettingKeys,
  type SettingsTimeline,
  settingsTimeline,
  whatIfSettingsChangesSchema,
} from './rules/what_if_settings.js';
import {
  addAffiliate,
  addRevenue,
  finishWhatIf,
  startWhatIf,
  type WhatIfAccumulator,
} from './rules/what_if_summary.js';
import { loadWhatIfTeamFacts } from './what_if_team_facts.js';

/** Attributed teams read per page; an affiliate's teams are replayed together once all are read. */
export const whatIfTeamBatchSizeMax = 500;

export interface WhatIfInput {
  /** Changed program settings (any subset); validated here so the CLI and HTTP refuse alike. */
  settings: unknown;
  from?: Date | undefined;
  to?: Date | undefined;
}

export type WhatIfResult = Awaited<ReturnType<typeof replayWhatIf>>;

/**
 * What changed settings would have granted, taken back and released over recorded history, beside
 * what the ledger did and what the settings in force replay to (SPEC §12.1). Reads only: nothing
 * is written, no transaction is opened. Teams stream in keyset pages, one affiliate at a time.
 */
export async function replayWhatIf(
  context: Context,
  input: WhatIfInput,
  options: { teamBatchSizeMax?: number } = {},
) {
  const asOf = context.clock.now();
  const from = input.from ?? new Date(0);
  const to = input.to ?? asOf;
  if (from.getTime() >= to.getTime()) {
    throw new AppError(
      'validation_failed',
      `from (${from.toISOString()}) must be before to (${to.toISOString()})`,
      {
        path: 'from',
      },
    );
  }
  await context.settings.load();
  const versions = context.settings
    .history()
    .map(({ effectiveFrom, settings }) => ({ effectiveFrom, settings }));
  const changes = parseChanges(input.settings);
  const { changed, unreplayable } = classifySettingsChanges(changes, context.settings.at(asOf));
  if (unreplayable.length > 0) {
    throw new AppError(
      'validation_failed',
      `cannot replay ${unreplayable.join(', ')}: the replay keeps recorded attribution, lifecycle and payout timing; it replays ${replayableSettingKeys.join(', ')}`,
      { path: `settings.${unreplayable[0]}`, details: { unreplayable } },
    );
  }
  const whatIfChanges = Object.fromEntries(
    Object.entries(changed).map(([key, value]) => [key, value.whatIf]),
  ) as Partial<ProgramSettings>;
  const timelines = {
    current: settingsTimeline(versions),
    whatIf: settingsTimeline(overlaidVersions(versions, whatIfChanges)),
  };
  const clock: ReplayClock = { asOf, reconciledThrough: await reconciledThrough(context) };
  const accumulator = startWhatIf({ from, to });
  const startedMs = Date.now();
  await forEachAffiliate(context, asOf, options.teamBatchSizeMax ?? whatIfTeamBatchSizeMax, (teams) =>
    replayOne(accumulator, teams, timelines, clock),
  );
  // Paid out in the range as the ledger moved it (net of payout reversals), as the actuals read it.
  const paidCents = (await sumLedgerByPeriod(context.db, [from, to]))[0]?.paidOutCents ?? 0;
  const summary = finishWhatIf(accumulator);
  context.logger.info(
    { teams: summary.teams, durationMs: Date.now() - startedMs, selfCheck: summary.selfCheck.matches },
    'what-if replayed',
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    asOf: asOf.toISOString(),
    settingsChanged: changed,
    teams: summary.teams,
    actual: { ...summary.actual, paidCents },
    replayedCurrent: { ...summary.replayedCurrent, paidCents: null },
    whatIf: { ...summary.whatIf, paidCents: null },
    difference: summary.difference,
    selfCheck: summary.selfCheck,
    byMonth: summary.byMonth,
    byAffiliate: summary.byAffiliate,
  };
}

function parseChanges(settings: unknown): Partial<ProgramSettings> {
  const parsed = whatIfSettingsChangesSchema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = ['settings', ...issue.path, ...keys.slice(0, 1)].join('.');
  throw new AppError('validation_failed', `${path}: ${issue.message}`, { path });
}

/** The end of the last reconciled month: early churn before it was taken back by the live engine. */
async function reconciledThrough(context: Context): Promise<Date | null> {
  const [latest] = await listReports(context.db, { limit: 1 });
  return latest ? (parseCalendarMonth(latest.month)?.end ?? null) : null;
}

function replayOne(
  accumulator: WhatIfAccumulator,
  teams: readonly WhatIfTeamFacts[],
  timelines: { current: SettingsTimeline; whatIf: SettingsTimeline },
  clock: ReplayClock,
): void {
  const affiliateId = teams[0]!.affiliateId;
  addAffiliate(accumulator, affiliateId, {
    actual: teams.flatMap((team) => team.recorded.map((commission) => recordedAsReplayed(team, commission))),
    replayedCurrent: replayAffiliate(teams, timelines.current, clock),
    whatIf: replayAffiliate(teams, timelines.whatIf, clock),
  });
  for (const team of teams) {
    accumulator.teams += 1;
    if (!team.referred) continue;
    const refundedByInvoice = refundedTotalsByInvoice(team.refunds);
    addRevenue(
      accumulator,
      team.invoices.map((invoice) => ({ ...invoice, refundedCents: refundedByInvoice.get(invoice.id) ?? 0 })),
    );
  }
}

/** Reads every attributed team in keyset pages and hands each affiliate's teams over once all are read. */
async function forEachAffiliate(
  context: Context,
  asOf: Date,
  teamBatchSizeMax: number,
  replay: (teams: readonly WhatIfTeamFacts[]) => void,
): Promise<void> {
  let after: AttributedTeamsCursor | null = null;
  let current: WhatIfTeamFacts[] = [];
  for (;;) {
    const page: AttributedTeam[] = await loadAttributedTeamsPage(context.db, {
      after,
      teamsMax: teamBatchSizeMax,
    });
    if (page.length === 0) break;
    for (const team of await loadWhatIfTeamFacts(context, page, asOf)) {
      if (current.length > 0 && current[0]!.affiliateId !== team.affiliateId) {
        replay(current);
        current = [];
      }
      current.push(team);
    }
    const last = page[page.length - 1]!;
    after = { affiliateId: last.affiliateId, teamId: last.id };
    if (page.length < teamBatchSizeMax) break;
  }
  if (current.length > 0) replay(current);
}
