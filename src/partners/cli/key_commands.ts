import type { Command } from 'commander';
import type { Context } from '../../app/context.js';
import { apiKeysPageSizeMax, listApiKeys } from '../list_api_keys.js';
import { revokeApiKey } from '../revoke_api_key.js';

/** `keys list` and `keys revoke <id>`, beside `keys create`. */
export function registerKeyCommands(
  keys: Command,
  commandContext: () => Promise<Context>,
  print: (result: unknown) => void,
): void {
  keys
    .command('list')
    .description('list API keys, oldest first: id, name, scope, affiliate, created, revoked (never the keys)')
    .action(async () => {
      const context = await commandContext();
      try {
        const all = [];
        let after: string | undefined;
        do {
          const page = await listApiKeys(context, { limit: apiKeysPageSizeMax, after });
          all.push(...page.keys);
          after = page.nextAfter ?? undefined;
        } while (after);
        print(all);
      } finally {
        await context.db.close();
      }
    });
  keys
    .command('revoke')
    .description('revoke an API key; every running process refuses it within seconds')
    .argument('<id>', 'the key id (from keys list)')
    .action(async (id: string) => {
      const context = await commandContext();
      try {
        print(await revokeApiKey(context, id));
      } finally {
        await context.db.close();
      }
    });
}
