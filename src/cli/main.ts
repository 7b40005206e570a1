/**
 * The `riposte` command line. Each command lives in its own file and returns an exit code;
 * user mistakes are printed as issues, never as stack traces.
 */
import { Command, CommanderError } from 'commander';
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

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}
