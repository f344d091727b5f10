import type { Logger } from './schema.js';

/** One JSON line per entry on stderr; quiet below `warn` unless asked. */
export function createConsoleLogger(options: { verbose?: boolean } = {}): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`);
  return {
    info: (message, fields) => {
      if (options.verbose) write('info', message, fields);
    },
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
