/**
 * Starts `serve-instance.ts` in a child process (`@latchkey/source`
 * condition, TypeScript through tsx's loader), so a test can kill it with
 * SIGKILL. The loader is imported into the child itself (`--import`) rather
 * than run through `tsx/cli`, which would put the server in a grandchild that
 * a SIGKILL to the child leaves running. Only the child's own PID is signalled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('./serve-instance.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ChildInstance {
  child: ChildProcess;
  url: string;
  /** SIGKILL, then resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean shutdown), then resolves once the process is gone. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function spawnInstance(env: Record<string, string>, timeoutMs = 30_000): Promise<ChildInstance> {
  const child = spawn(process.execPath, ['--conditions=@latchkey/source', '--import', tsxLoader, entry], {
    env: { PATH: process.env.PATH, NODE_PATH: process.env.NODE_PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, name);
    await gone;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void signal('SIGKILL')();
      reject(new Error(`instance did not start within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, kill: signal('SIGKILL'), stop: signal('SIGTERM') });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code ?? sig}) before listening: ${err}`));
    });
  });
}
