/** `avisa token create`: an API token for an integration, made on the server's own machine (no sign-in needed). */
import type { Command } from 'commander';
import { recordAudit } from '../audit/audit.js';
import { createApiToken } from '../auth/api-tokens.js';
import { findUserByUsername } from '../auth/users.js';
import { CliError, configOrFail, say, withDatabase } from './context.js';
import { parseExpiry } from './expiry.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens (Authorization: Bearer avisa_…)');

  token
    .command('create')
    .description('create an API token for a user; it is printed once and never again')
    .requiredOption('--user <username>', 'whose token: it acts with this user’s role')
    .requiredOption('--name <label>', 'what it is for, e.g. "zabbix"')
    .option('--expires <when>', 'a lifetime (12h, 90d, 1y), a date (2027-01-31) or an ISO date-time; default: never')
    .action(async (opts: { user: string; name: string; expires?: string }) => {
      // The arguments are checked before the database is opened (a server may hold the embedded one).
      const name = opts.name.trim();
      if (!name || name.length > 100) throw new CliError('--name: give a label of 1 to 100 characters');
      const now = new Date();
      const timeZone = configOrFail().AVISA_TIMEZONE;
      const expiresAt = opts.expires === undefined ? null : parseExpiry(opts.expires, { now, timeZone });
      if (expiresAt instanceof Error) throw new CliError(expiresAt.message);
      if (expiresAt && expiresAt <= now) throw new CliError(`--expires ${opts.expires}: ${expiresAt.toISOString()} is not in the future`);
      await withDatabase(async ({ db }) => {
        const user = await findUserByUsername(db, opts.user);
        if (!user) throw new CliError(`user ${opts.user} does not exist`);
        if (!user.active) throw new CliError(`user ${user.username} is inactive: its tokens would be refused`);
        const { token: created, secret } = await createApiToken(db, user.id, name, { expiresAt });
        // The audit records who and until when; the secret is printed below and stored nowhere but as its hash.
        await recordAudit(db, { name: 'cli' }, 'token.create', {
          entity: 'api_token',
          entityId: created.id,
          details: { name: created.name, username: user.username, expiresAt: created.expiresAt },
        });
        const until = created.expiresAt ? `expires ${created.expiresAt.toISOString()}` : 'never expires';
        say(`Token "${created.name}" of ${user.username} (${user.role}) created; ${until}.`);
        say(`Token (shown only now): ${secret}`);
      });
    });
}
