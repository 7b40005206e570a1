/**
 * The `riposte` command line. Each command lives in its own file and returns an exit code;
 * user mistakes are printed as issues, never as stack traces.
 */
import { Command, CommanderError } from 'commander';
import type { EmulatorFlags } from './emulator.js';
import { testCommand } from './test.js';
import { validateCommand } from './validate.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('riposte')
    .description('Two-way WhatsApp customer journeys (canvases).')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('validate')
    .description('Check a canvas file and print its issues (exit 1 on errors)')
    .argument('<canvas>', 'canvas file (YAML or JSON)')
    .option('-t, --templates <file>', "templates file (YAML or JSON list in Meta's shape)")
    .option('--publish', 'check as for publishing: templates must be APPROVED')
    .action(async (canvas: string, opts: { templates?: string; publish?: boolean }) => {
      exitCode = await validateCommand(canvas, opts);
    });

  program
    .command('test')
    .description('Run conversation tests (*.test.yaml) on the pure engine with a virtual clock')
    .argument('<paths...>', 'test files, or folders to search')
    .action(async (paths: string[]) => {
      exitCode = await testCommand(paths);
    });

  // Server and remote commands load their code when run: `riposte canvas pull` should not
  // pay for importing the server, the emulator and the dashboard's docs.
  program
    .command('start')
    .description(
      'Run Riposte: migrations, the HTTP API and dashboard, the runner (the emulator when no WhatsApp credentials are set)',
    )
    .option('-c, --config <file>', 'settings file (JSON or YAML); the environment overrides it')
    .option('-w, --workers <n>', 'also run N worker processes (Postgres only)')
    .action(async (opts: { config?: string; workers?: string }) => {
      exitCode = await (await import('./start.js')).startCommand(opts);
    });

  program
    .command('worker')
    .description('Run the runner only, sharing the work with other processes (Postgres)')
    .option('-c, --config <file>', 'settings file (JSON or YAML)')
    .action(async (opts: { config?: string }) => {
      exitCode = await (await import('./start.js')).workerCommand(opts);
    });

  program
    .command('migrate')
    .description('Bring the database (DATABASE_URL) up to date')
    .option('-c, --config <file>', 'settings file (JSON or YAML)')
    .action(async (opts: { config?: string }) => {
      exitCode = await (await import('./admin.js')).migrateCommand(opts);
    });

  const remote = (command: Command) =>
    command
      .option('--url <url>', 'the running server (RIPOSTE_URL; default http://127.0.0.1:3000)')
      .option('--key <key>', 'an API key with the native scope (RIPOSTE_API_KEY)');

  const canvas = program.command('canvas').description('Canvases on a running server');
  remote(canvas.command('push').argument('<file>', 'canvas file (YAML or JSON)'))
    .description('Create the canvas or save its draft; print its issues')
    .action(async (file: string, opts: { url?: string; key?: string }) => {
      exitCode = await (await import('./canvas.js')).canvasPush(file, opts);
    });
  remote(canvas.command('pull').argument('<id>', 'canvas id'))
    .description("Print the canvas draft's YAML")
    .action(async (id: string, opts: { url?: string; key?: string }) => {
      exitCode = await (await import('./canvas.js')).canvasPull(id, opts);
    });
  remote(canvas.command('publish').argument('<id>', 'canvas id'))
    .description('Publish the draft as a new version')
    .option('--move', 'move people waiting to the new version where their step still exists')
    .action(async (id: string, opts: { url?: string; key?: string; move?: boolean }) => {
      exitCode = await (await import('./canvas.js')).canvasPublish(id, opts);
    });

  const contacts = program.command('contacts').description('Contacts on a running server');
  remote(contacts.command('import').argument('<csv>', 'CSV file with a header row'))
    .description('Import contacts (external_id, phone, time_zone, attributes…)')
    .action(async (file: string, opts: { url?: string; key?: string }) => {
      exitCode = await (await import('./contacts-import.js')).contactsImport(file, opts);
    });

  program
    .command('keys')
    .description('API keys (on the database)')
    .command('create')
    .description('Create an API key and print its secret once')
    .option('-c, --config <file>', 'settings file (JSON or YAML)')
    .option('--name <name>', 'a name to recognise it by')
    .option('--scopes <list>', 'comma-separated scopes (default: all)')
    .action(async (opts: { config?: string; name?: string; scopes?: string }) => {
      exitCode = await (await import('./admin.js')).keysCreate(opts);
    });

  program
    .command('users')
    .description('Dashboard users (on the database)')
    .command('create')
    .description('Create a dashboard user (password from --password, RIPOSTE_PASSWORD or a prompt)')
    .requiredOption('--email <email>', 'their email')
    .option('--password <password>', 'at least 8 characters')
    .option('-c, --config <file>', 'settings file (JSON or YAML)')
    .action(async (opts: { config?: string; email: string; password?: string }) => {
      exitCode = await (await import('./admin.js')).usersCreate(opts);
    });

  program
    .command('emulator')
    .description('Run the WhatsApp Cloud API emulator on its own')
    .option('--port <port>', 'port (default 4010)')
    .option('--host <host>', 'interface (default 127.0.0.1)')
    .option('--webhook-url <url>', 'where to post webhooks')
    .option('--templates <file>', 'templates to start with (YAML or JSON list, Meta shape)')
    .option('--review-delay <ms>', 'template review time')
    .action(async (opts: EmulatorFlags) => {
      exitCode = await (await import('./emulator.js')).emulatorCommand(opts);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}
