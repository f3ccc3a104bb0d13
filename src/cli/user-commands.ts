import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { recordAudit } from '../audit/audit.js';
import { roles } from '../auth/roles.js';
import { deleteUserSessions } from '../auth/sessions.js';
import { createUser, findUserByUsername, listUsers, updateUser } from '../auth/users.js';
import { CliError, say, withDatabase } from './context.js';

/** The password comes from stdin (`--password-stdin`, for scripts) or is generated and shown once. */
async function choosePassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: randomBytes(12).toString('base64url'), generated: true };
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return { password: line.trim(), generated: false };
  }
  throw new CliError('--password-stdin: nothing was read from standard input');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage the people who use Avisa');

  user
    .command('create')
    .description('create a user (the first admin, or anyone later)')
    .requiredOption('--username <username>', 'login name')
    .option('--name <name>', 'full name shown in the UI')
    .option('--email <email>', 'e-mail address')
    .option('--role <role>', `one of ${roles.join(', ')}`, 'admin')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (opts: { username: string; name?: string; email?: string; role: string; passwordStdin?: boolean }) => {
      const { password, generated } = await choosePassword(Boolean(opts.passwordStdin));
      await withDatabase(async ({ db }) => {
        const created = await createUser(db, {
          username: opts.username,
          name: opts.name ?? opts.username,
          email: opts.email ?? null,
          role: opts.role as (typeof roles)[number],
          password,
        });
        await recordAudit(db, { name: 'cli' }, 'user.create', { entity: 'user', entityId: created.id });
        say(`User ${created.username} (${created.role}) created.`);
        if (generated) say(`Password (shown only now): ${password}`);
      });
    });

  user
    .command('password <username>')
    .description('set a new password (generated, or from --password-stdin) and end the user’s sessions')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const { password, generated } = await choosePassword(Boolean(opts.passwordStdin));
      await withDatabase(async ({ db }) => {
        const found = await findUserByUsername(db, username);
        if (!found) throw new CliError(`user ${username} does not exist`);
        await updateUser(db, found.id, { password, active: true });
        await deleteUserSessions(db, found.id);
        await recordAudit(db, { name: 'cli' }, 'user.password', { entity: 'user', entityId: found.id });
        say(`Password of ${found.username} changed.`);
        if (generated) say(`Password (shown only now): ${password}`);
      });
    });

  user
    .command('list')
    .description('list users')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const u of await listUsers(db)) {
          say(`${String(u.id).padStart(4)}  ${u.username.padEnd(20)} ${u.role.padEnd(9)} ${u.active ? 'ativo' : 'inativo'}  ${u.name}`);
        }
      });
    });
}
