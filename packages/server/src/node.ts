/**
 * Serving the fetch handler on Node's HTTP server (the CLI and tests use
 * this; apps that mount Latchkey in their own framework don't need it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import type { LatchkeyServer } from './index.js';

/** A Node `request` listener for a Latchkey server; passes the peer address on for rate limits and activity. */
export function createNodeListener(server: Pick<LatchkeyServer, 'fetch'>) {
  return getRequestListener((request, env) =>
    server.fetch(request, { clientIp: (env as HttpBindings).incoming.socket.remoteAddress ?? null }),
  );
}

export interface ListeningServer {
  url: string;
  port: number;
  http: Server;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once it accepts connections. */
export function listen(handler: Parameters<typeof createServer>[1], options: { port: number; host: string }): Promise<ListeningServer> {
  const http = createServer({ maxHeaderSize: 16 * 1024 }, handler);
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      const { port } = http.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        http,
        close: () =>
          new Promise<void>((done) => {
            http.closeAllConnections();
            http.close(() => done());
          }),
      });
    });
  });
}
