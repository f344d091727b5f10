/**
 * Three ways tests run the `latchkey` CLI against a real server: in-process
 * (`runCli` with captured streams), as a child process (exactly what a user
 * runs), and in a pseudo-terminal (util-linux `script`) for the prompts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli.js';

export const binPath = resolve(fileURLToPath(import.meta.url), '../../bin.ts');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Text on stdin (stdin is not a TTY). */
  stdin?: string;
}

export const tempDir = (prefix = 'latchkey-cli-') => mkdtempSync(join(tmpdir(), prefix));

/** Runs the CLI in this process, streams captured; stdin is a pipe (not a TTY). */
export async function runInProcess(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []);
  const code = await runCli(argv, {
    stdin,
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { PATH: process.env.PATH, ...options.env },
    cwd: options.cwd ?? tempDir(),
  });
  return { code, stdout, stderr };
}

function childEnv(env: RunOptions['env']): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_PATH: process.env.NODE_PATH ?? '', ...env } as NodeJS.ProcessEnv;
}

/** Runs `latchkey …` as a child process, the way a user's shell does. */
export function runChild(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [tsxCli, '--conditions=@latchkey/source', binPath, ...argv], {
    cwd: options.cwd ?? tempDir(),
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((done, failed) => {
    child.on('error', failed);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// eslint-disable-next-line no-control-regex
export const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\u001b[78]/g, '');

export interface PtySession {
  /** Resolves once the screen output (ANSI stripped) matches, then types `keys`. */
  expect(pattern: RegExp | string, keys?: string): Promise<void>;
  /** Types `keys` now. */
  send(keys: string): void;
  /** All output so far, ANSI stripped. */
  output(): string;
  done: Promise<CliRun>;
}

/**
 * Runs the CLI inside a real pseudo-terminal (util-linux `script`), so stdin
 * and stdout are TTYs and the prompts behave as for a person at a keyboard.
 */
export function runInPty(argv: string[], options: RunOptions = {}): PtySession {
  const command = [process.execPath, tsxCli, '--conditions=@latchkey/source', binPath, ...argv].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd ?? tempDir(),
    env: { ...childEnv(options.env), TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const input = new PassThrough();
  input.pipe(child.stdin);
  let raw = '';
  let stderr = '';
  let seen = 0;
  const waiters: { pattern: RegExp | string; resolve: () => void }[] = [];
  const check = () => {
    const text = stripAnsi(raw).slice(seen);
    for (const w of [...waiters]) {
      const index = typeof w.pattern === 'string' ? text.indexOf(w.pattern) : text.search(w.pattern);
      if (index !== -1) {
        seen += index + 1;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (c: Buffer) => {
    raw += c.toString();
    check();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun>((resolveDone, failed) => {
    child.on('error', failed);
    child.on('close', (code) => {
      input.end();
      resolveDone({ code: code ?? -1, stdout: stripAnsi(raw), stderr });
    });
  });
  return {
    output: () => stripAnsi(raw),
    send: (keys) => void input.write(keys),
    done,
    expect(pattern, keys) {
      return new Promise<void>((resolveExpect, failed) => {
        const timer = setTimeout(() => failed(new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${stripAnsi(raw)}`)), 15_000);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            // A short pause lets the prompt finish rendering before keys arrive.
            setTimeout(() => {
              if (keys !== undefined) input.write(keys);
              resolveExpect();
            }, 60);
          },
        });
        check();
      });
    },
  };
}
