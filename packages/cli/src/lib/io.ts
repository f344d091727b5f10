/**
 * Where a command reads and writes, injected so tests can run the CLI
 * in-process as well as in a child process. Colour only when the stream is a
 * TTY (and NO_COLOR is unset); `--json` output is never coloured.
 */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Exit codes: 0 ok, 1 a check or request failed, 2 usage (bad flags, missing configuration). */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI reports without a stack trace; `code` is stable for `--json` consumers. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;
  constructor(code: string, message: string, exitCode: ExitCode = ExitCode.Failed, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad flags, arguments or configuration: exit 2. */
export const usageError = (message: string, code = 'usage') => new CliError(code, message, ExitCode.Usage);

export interface Colors {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain: Colors = { bold: String, dim: String, red: String, green: String, yellow: String, cyan: String };
const ansi: Colors = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };

export function useColor(stream: { isTTY?: boolean }, env: CliIo['env'], flag: boolean): boolean {
  if (!flag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** The writer every command uses: lines, JSON, colours decided once. */
export interface Output {
  readonly json: boolean;
  readonly c: Colors;
  line(text?: string): void;
  error(text: string): void;
  /** Writes `value` as pretty JSON (only used in `--json` mode). */
  data(value: unknown): void;
}

export function createOutput(io: CliIo, options: { json: boolean; color: boolean }): Output {
  const color = !options.json && useColor(io.stdout, io.env, options.color);
  return {
    json: options.json,
    c: color ? ansi : plain,
    line: (text = '') => void io.stdout.write(`${text}\n`),
    error: (text) => void io.stderr.write(`${text}\n`),
    data: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}
