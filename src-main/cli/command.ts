// What a `netweaver` subcommand is: a name, a summary for --help, its options (node:util
// parseArgs form) and a run function. Every command gets --json and --help for free.
import type { ParseArgsConfig } from 'node:util';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface CommandIO {
  /** --json was given: print one JSON document on stdout and nothing else there. */
  json: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Prints `value` as JSON on stdout (pretty when stdout is a terminal). */
  printJson(value: unknown): void;
  /** Whether stderr is a terminal (progress bars redraw in place only then). */
  stderrIsTTY: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Usage lines after `netweaver NAME`, e.g. "[--db PATH] FILE…" */
  usage: string;
  /** Longer help: what each option means, examples. */
  help?: string;
  options: OptionsConfig;
  allowPositionals?: boolean;
  /** Returns the exit code (0 when omitted). */
  run(args: ParsedArgs, io: CommandIO): Promise<number | void>;
}

/** A mistake in how the command was called: exit code 2 and the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function defineCommand(command: Command): Command {
  return command;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function stringListOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function numberOption(args: ParsedArgs, name: string, fallback: number, range?: { min?: number; max?: number; integer?: boolean }): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (range?.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a ${range?.integer ? 'whole ' : ''}number, not "${raw}"`);
  }
  if (range?.min !== undefined && value < range.min) throw new UsageError(`--${name} must be at least ${range.min}`);
  if (range?.max !== undefined && value > range.max) throw new UsageError(`--${name} must be at most ${range.max}`);
  return value;
}
