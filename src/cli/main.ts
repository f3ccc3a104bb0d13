/** The `avisa` command line. */
import { Command, CommanderError } from 'commander';
import { CliError } from './context.js';
import { registerDbCommands } from './db-commands.js';
import { registerDrainCommands } from './drain-commands.js';
import { registerIngestCommands } from './ingest-commands.js';
import { registerRadiusCommands } from './radius-commands.js';
import { registerServeCommands } from './serve-commands.js';
import { registerSimCommands } from './sim-commands.js';
import { registerSyncCommands } from './sync-commands.js';
import { registerWorkerCommands } from './worker-commands.js';
import { registerTokenCommands } from './token-commands.js';
import { registerUserCommands } from './user-commands.js';

const program = new Command('avisa')
  .description('Avisos de queda e manutenção para provedores: WhatsApp (Opa! Suite), e-mail e SMS')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();

registerServeCommands(program);
registerDbCommands(program);
registerUserCommands(program);
registerTokenCommands(program);
registerIngestCommands(program);
registerSimCommands(program);
registerDrainCommands(program);
registerSyncCommands(program);
registerWorkerCommands(program);
registerRadiusCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`avisa: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    throw err;
  }
}
