/**
 * Load generator for routes.ts, run in a child process so the server under
 * test keeps its own core. Keep-alive HTTP/1.1 on loopback, `connections`
 * requests in flight, stops at `durationMs` or when `unique` tokens run out.
 */
import http from 'node:http';

interface Job {
  url: string;
  durationMs: number;
  connections: number;
  tokens: string[];
  /** true: every token used once; false: tokens reused round-robin. */
  unique: boolean;
}

process.once('message', (job: Job) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const url = new URL(job.url);
  let done = 0;
  let failed = 0;
  let next = 0;
  let stopped = false;
  const start = performance.now();
  const end = start + job.durationMs;
  const fire = (): void => {
    if (stopped || performance.now() >= end || (job.unique && next >= job.tokens.length)) {
      stopped = true;
      return;
    }
    const token = job.tokens.length ? job.tokens[next++ % job.tokens.length] : undefined;
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, headers: token ? { authorization: `Bearer ${token}`, accept: 'application/json' } : { accept: 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) done++;
          else failed++;
          fire();
        });
      },
    );
    req.on('error', () => {
      failed++;
      fire();
    });
    req.end();
  };
  for (let i = 0; i < job.connections; i++) fire();
  const timer = setInterval(() => {
    if (!stopped && performance.now() < end) return;
    clearInterval(timer);
    const elapsed = (performance.now() - start) / 1000;
    process.send!({ rps: done / elapsed, done, failed }, () => process.exit(0));
  }, 20);
});
