#!/usr/bin/env node
import { runCli } from './cli.js';
import { processIo } from './lib/io.js';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    // -1: a server is running; the process ends on SIGINT/SIGTERM.
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`latchkey: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
