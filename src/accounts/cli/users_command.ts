import { type Command, InvalidArgumentError } from 'commander';
import type { Context } from '../../app/context.js';
import { createUser } from '../create_user.js';
import { isUserRole, type UserRole, userRoles } from '../roles.js';

function parseRoles(value: string): UserRole[] {
  const roles = value.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !isUserRole(role));
  if (unknown.length > 0 || roles.length === 0) {
    throw new InvalidArgumentError(`roles are a comma-separated list of ${userRoles.join(', ')}`);
  }
  return roles as UserRole[];
}

/** `users create`: the first program manager, or an account for an existing affiliate. */
export function registerUserCommands(
  program: Command,
  commandContext: () => Promise<Context>,
  print: (result: unknown) => void,
): void {
  const users = program.command('users').description('people who sign in to the dashboards');
  users
    .command('create')
    .description('create a user; it signs in by asking for a link at the web app')
    .requiredOption('--email <email>', 'the address sign-in links go to')
    .requiredOption('--role <roles>', `comma-separated: ${userRoles.join(', ')}`, parseRoles)
    .option('--affiliate <id>', 'the affiliate an affiliate or agency user acts for')
    .action(async (options: { email: string; role: UserRole[]; affiliate?: string }) => {
      const context = await commandContext();
      try {
        const user = await createUser(context, {
          email: options.email,
          roles: options.role,
          affiliateId: options.affiliate,
        });
        print({ ...user, createdAt: user.createdAt.toISOString() });
      } finally {
        await context.db.close();
      }
    });
}
