import type { Command } from 'commander';
import { closeOnSignal, startServer } from '../app/runtime.js';
import { ensureFirstAdmin } from '../auth/bootstrap.js';
import { describeStorage } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { configOrFail, openOrFail, say } from './context.js';
import { seedDemoIfEmpty } from './ingest-commands.js';
import { startRadiusReceiver } from './radius-commands.js';
import { startDemoSandbox } from '../app/demo-sandbox.js';
import { secretKeyOf } from '../app/runtime.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('start the API and the web UI')
    .option('--port <port>', 'TCP port (default: PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      if (opts.port) process.env.PORT = opts.port;
      await serve({ demo: false });
    });

  program
    .command('start')
    .description('start Avisa; with --demo, first fill an empty database with a demo ISP and create an admin')
    .option('--demo', 'load demo data (20,000 logins) into an empty database and print the admin login')
    .action(async (opts: { demo?: boolean }) => serve({ demo: Boolean(opts.demo) }));
}

async function serve(options: { demo: boolean }): Promise<void> {
  const config = configOrFail();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stdout.isTTY });
  const database = await openOrFail(config);
  let banner: string[] = [];
  try {
    if (options.demo) {
      await seedDemoIfEmpty(database, config);
      const admin = await ensureFirstAdmin(database.db, {
        username: config.AVISA_ADMIN_USER ?? 'admin',
        password: config.AVISA_ADMIN_PASSWORD,
      });
      banner = admin
        ? [`Usuário: ${admin.user.username}`, `Senha:   ${admin.password}   (mostrada só agora; troque em Configurações › Usuários)`]
        : ['Entre com o usuário criado na primeira execução.', 'Esqueceu a senha? npm run avisa -- user password admin'];
    }
    const sandbox = options.demo ? await startDemoSandbox(database.db, secretKeyOf(config), config.AVISA_TIMEZONE) : null;
    if (sandbox) banner.push(...sandbox.lines);
    const server = await startServer(config, database, logger);
    const radius = config.AVISA_RADIUS_PORT
      ? await startRadiusReceiver(database, config, logger, { host: config.AVISA_RADIUS_HOST, port: config.AVISA_RADIUS_PORT })
      : null;
    closeOnSignal(logger, async () => {
      await radius?.stop();
      await server.stop();
      await sandbox?.close();
      await database.close();
    });
    say('');
    say(`Avisa em ${server.url}   (${describeStorage(config)})`);
    for (const line of banner) say(line);
    say('');
  } catch (err) {
    await database.close();
    throw err;
  }
}
