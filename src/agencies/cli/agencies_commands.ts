import { type Command, InvalidArgumentError } from 'commander';
import { decideApplication } from '../../accounts/decide_application.js';
import {
  type ApplicationView,
  applicationsPageSizeMax,
  listApplications,
} from '../../accounts/list_applications.js';
import { mailerFromConfig } from '../../accounts/mailer.js';
import type { AffiliateStatus } from '../../accounts/storage/applications_store.js';
import type { Context } from '../../app/context.js';
import { findAffiliate } from '../../partners/storage/affiliates.js';
import { cliActor } from '../../platform/cli_actor.js';
import { AppError } from '../../platform/rules/errors.js';
import { type FraudFlagStatus, fraudFlagStatuses } from '../../referrals/storage/fraud_flags.js';
import { listDomainDisputes } from '../list_domain_disputes.js';
import { resolveDomainDispute } from '../resolve_domain_dispute.js';

const affiliateStatuses: readonly AffiliateStatus[] = ['pending', 'active', 'rejected', 'suspended'];

function parseChoice<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`one of ${choices.join(', ')}`);
    }
    return value as T;
  };
}

type Print = (result: unknown) => void;

async function withContext(
  commandContext: () => Promise<Context>,
  work: (context: Context) => Promise<void>,
) {
  const context = await commandContext();
  try {
    await work(context);
  } finally {
    await context.db.close();
  }
}

async function allAgencies(context: Context, status: AffiliateStatus): Promise<ApplicationView[]> {
  const all: ApplicationView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listApplications(context, {
      status,
      kind: 'agency',
      limit: applicationsPageSizeMax,
      cursor,
    });
    all.push(...page.applications);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Approves or rejects an agency's application; a developer affiliate is not decided here. */
async function decideAgency(context: Context, agencyId: string, decision: 'approve' | 'reject') {
  const agency = await findAffiliate(context.db, agencyId);
  if (agency?.kind !== 'agency') throw new AppError('not_found', `agency ${agencyId} does not exist`);
  const mailer = mailerFromConfig(context.config, context.logger);
  const result = await decideApplication(context, mailer, agencyId, decision);
  return { id: agencyId, name: agency.name, email: agency.email, ...result };
}

/** `agencies list|approve|reject` and `disputes list|resolve`: the program manager's agency work. */
export function registerAgencyCommands(
  program: Command,
  commandContext: () => Promise<Context>,
  print: Print,
): void {
  const agencies = program
    .command('agencies')
    .description('agency partners: applications and their decisions');
  agencies
    .command('list')
    .description('agencies in one status, oldest first')
    .option('--status <status>', affiliateStatuses.join(' | '), parseChoice(affiliateStatuses), 'pending')
    .action((options: { status: AffiliateStatus }) =>
      withContext(commandContext, async (context) => print(await allAgencies(context, options.status))),
    );
  for (const decision of ['approve', 'reject'] as const) {
    agencies
      .command(decision)
      .description(
        decision === 'approve'
          ? "approve a pending agency (its applicant, the workspace's owner, gets a sign-in link)"
          : 'reject a pending agency',
      )
      .argument('<id>', 'the agency id (from agencies list)')
      .action((id: string) =>
        withContext(commandContext, async (context) => print(await decideAgency(context, id, decision))),
      );
  }

  const disputes = program.command('disputes').description('client domains two agencies claim');
  disputes
    .command('list')
    .description('domain disputes, newest first')
    .option('--status <status>', fraudFlagStatuses.join(' | '), parseChoice(fraudFlagStatuses), 'open')
    .action((options: { status: FraudFlagStatus }) =>
      withContext(commandContext, async (context) => print(await listDomainDisputes(context, options))),
    );
  disputes
    .command('resolve')
    .description(
      'award a disputed domain to the claimant (the claim moves) or to its holder; closes the flag',
    )
    .argument('<flagId>', 'the dispute (from disputes list)')
    .requiredOption('--award <agencyId>', 'the agency the domain goes to')
    .action((flagId: string, options: { award: string }) =>
      withContext(commandContext, async (context) =>
        print(await resolveDomainDispute(context, { flagId, award: options.award, resolvedBy: cliActor() })),
      ),
    );
}
