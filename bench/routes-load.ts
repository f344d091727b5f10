/**
 * Load generator for routes.ts, run in a child process so that the server
 * under test keeps its own core. It speaks HTTP/1.1 over raw keep-alive
 * sockets with pre-built request bytes and parses only the status line and
 * Content-Length of each answer: an `http.request` client costs about as
 * much CPU per request as the servers measured, so with it the client, not
 * the server, was the bottleneck. One long-lived child serves every cell.
 *
 * Protocol: the parent sends `{ type: 'job', ... }`; the child opens its
 * connections and answers `{ type: 'ready' }`; the parent notes its own CPU
 * clock and sends `{ type: 'go' }`; the child fires for `durationMs` (or
 * until the `unique` tokens run out) and answers `{ type: 'done', ... }`.
 */
import net from 'node:net';

export interface LoadJob {
  type: 'job';
  host: string;
  port: number;
  path: string;
  durationMs: number;
  connections: number;
  tokens: string[];
  /** true: every token used once; false: tokens reused round-robin. */
  unique: boolean;
}

export interface LoadResult {
  type: 'done';
  rps: number;
  done: number;
  failed: number;
  elapsedMs: number;
}

function requestBytes(job: LoadJob, token: string | undefined): Buffer {
  const auth = token === undefined ? '' : `authorization: Bearer ${token}\r\n`;
  return Buffer.from(`GET ${job.path} HTTP/1.1\r\nhost: ${job.host}:${job.port}\r\naccept: application/json\r\n${auth}\r\n`, 'latin1');
}

/** Index just past one complete response in `buf` (from `start`), its status, or null when incomplete. */
function parseResponse(buf: Buffer, start: number): { end: number; status: number } | null {
  const headEnd = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (headEnd === -1) return null;
  const head = buf.toString('latin1', start, headEnd);
  const status = Number(head.slice(9, 12));
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (m) {
    const end = headEnd + 4 + Number(m[1]);
    return end <= buf.length ? { end, status } : null;
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error('routes-load: a response has neither Content-Length nor chunked encoding');
  // Small bodies only: the answer ends at the zero-length last chunk.
  const last = buf.indexOf('\r\n0\r\n\r\n', headEnd + 2, 'latin1');
  return last === -1 ? null : { end: last + 7, status };
}

async function run(job: LoadJob, go: Promise<void>): Promise<LoadResult> {
  const plain = job.tokens.length === 0 ? requestBytes(job, undefined) : null;
  let next = 0;
  let done = 0;
  let failed = 0;
  let stopped = false;
  let deadline = Infinity;
  const nextRequest = (): Buffer | null => {
    if (stopped || performance.now() >= deadline || (job.unique && next >= job.tokens.length)) {
      stopped = true;
      return null;
    }
    if (plain) return plain;
    return requestBytes(job, job.tokens[next++ % job.tokens.length]);
  };
  const sockets = await Promise.all(
    Array.from({ length: job.connections }, () => new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: job.host, port: job.port }, () => resolve(s));
      s.setNoDelay(true);
      s.once('error', reject);
    })),
  );
  let open = sockets.length;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  process.send!({ type: 'ready' });
  await go;
  const start = performance.now();
  deadline = start + job.durationMs;
  for (const s of sockets) {
    let pending: Buffer = Buffer.alloc(0);
    const send = () => {
      const req = nextRequest();
      if (req === null) {
        s.end();
        return;
      }
      s.write(req);
    };
    s.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      for (let r = parseResponse(pending, at); r !== null; r = parseResponse(pending, at)) {
        if (r.status === 200) done++;
        else failed++;
        at = r.end;
        send();
      }
      pending = at === pending.length ? Buffer.alloc(0) : pending.subarray(at);
    });
    s.on('close', () => {
      if (--open === 0) finish();
    });
    s.on('error', () => {
      failed++;
    });
    send();
  }
  await finished;
  const elapsedMs = performance.now() - start;
  return { type: 'done', rps: (done * 1000) / elapsedMs, done, failed, elapsedMs };
}

let go: () => void = () => {};
process.on('message', (message: LoadJob | { type: 'go' } | { type: 'exit' }) => {
  if (message.type === 'go') return go();
  if (message.type === 'exit') return process.exit(0);
  const started = new Promise<void>((resolve) => (go = resolve));
  run(message, started).then(
    (result) => process.send!(result),
    (error: Error) => process.send!({ type: 'error', message: error.message }),
  );
});
