import { createLatchkeyServer } from '@latchkey/server';
import { configFromEnv } from '@latchkey/server/config';
import { createNodeListener, listen } from '@latchkey/server/node';

export interface StartOptions {
  /** `latchkey dev`: development defaults and a louder banner. */
  dev: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where the banner goes. @default process.stdout */
  out?: NodeJS.WritableStream;
}

/**
 * Runs the server until SIGINT/SIGTERM: opens (and migrates) the store,
 * generates keys on first start, listens, and prints where everything is.
 */
export async function runStart(options: StartOptions): Promise<{ url: string; close(): Promise<void> }> {
  const out = options.out ?? process.stdout;
  const config = configFromEnv(options.env ?? process.env);
  const server = createLatchkeyServer(config.options);
  await server.ready();
  const http = await listen(createNodeListener(server), { port: config.port, host: config.host });
  const secretKey = config.options.secretKey;
  const shownSecret = config.secretKeySource === 'env' ? `${secretKey.slice(0, 12)}… (from LATCHKEY_SECRET_KEY)` : secretKey;
  const lines = [
    `Latchkey ${options.dev ? 'dev server' : 'server'} is running`,
    `  Frontend API:      ${server.config.publicUrl}  (listening on ${http.url})`,
    `  Publishable key:   ${server.publishableKeys.live}`,
    `                     ${server.publishableKeys.test}  (pk_test_ form, for development instances)`,
    `  Secret key:        ${shownSecret}`,
    `  JWKS:              ${server.config.publicUrl}/.well-known/jwks.json`,
    `  Sign-in page:      ${server.config.publicUrl}/sign-in`,
    `  Dashboard:         ${server.config.publicUrl}/dashboard`,
    `  Data:              ${config.dataLocation}${config.secretKeyFile ? `  (secret key file: ${config.secretKeyFile})` : ''}`,
  ];
  out.write(`${lines.join('\n')}\n`);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await http.close();
    await server.close();
  };
  const onSignal = () => {
    close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { url: http.url, close };
}
