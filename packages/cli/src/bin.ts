#!/usr/bin/env node
import { runStart } from './commands/start.js';

const [command = 'start'] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'start':
    case 'dev':
      await runStart({ dev: command === 'dev' });
      return -1; // keep running
    default:
      process.stderr.write(`latchkey: unknown command "${command}"\nUsage: latchkey <start|dev>\n`);
      return 2;
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`latchkey: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
