// `netweaver`: the command-line entry. Dispatches to a subcommand, turns mistakes into exit
// code 2 with the usage, failures into exit code 1 with a readable message (JSON with --json).
import { parseArgs } from 'node:util';
import { ApiError } from '../api/contract/errors.js';
import { StoreError } from '../store/store.js';
import { NETWEAVER_VERSION } from '../version.js';
import { UsageError, type Command, type CommandIO } from './command.js';
import { commands } from './commands/index.js';

function makeIO(json: boolean): CommandIO {
  return {
    json,
    out: (text) => {
      process.stdout.write(text + '\n');
    },
    err: (text) => {
      process.stderr.write(text + '\n');
    },
    printJson: (value) => {
      process.stdout.write(JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined) + '\n');
    },
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `NetWeaver ${NETWEAVER_VERSION} — flows, captures, topology, what-ifs, simulation and forecasts for network engineers`,
    '',
    'Usage: netweaver COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json (machine-readable output) and --help.',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: netweaver ${command.name} ${command.usage} [--json]`, '', command.summary, ...(command.help ? ['', command.help] : [])].join('\n');
}

async function runCommand(command: Command, argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const io = makeIO(json);
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    const code = await command.run(parsed, io);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    return reportError(command, error, io);
  }
}

function reportError(command: Command, error: unknown, io: CommandIO): number {
  const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : isUsage ? 'usage' : error instanceof StoreError ? 'store' : 'failed';
  if (io.json) io.printJson({ ok: false, error: { code, message } });
  io.err(`netweaver ${command.name}: ${message}`);
  if (isUsage) {
    io.err(`Usage: netweaver ${command.name} ${command.usage} [--json]   (netweaver ${command.name} --help for more)`);
    return 2;
  }
  if (!(error instanceof ApiError || error instanceof StoreError || error instanceof UsageError) && process.env.NETWEAVER_DEBUG) {
    io.err((error as Error).stack ?? '');
  }
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${NETWEAVER_VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`netweaver: unknown command "${name}"\n\n${mainHelp()}\n`);
    return 2;
  }
  return runCommand(command, rest);
}
