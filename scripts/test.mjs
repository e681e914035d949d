#!/usr/bin/env node
// Runs the whole vitest suite once. A crash is a failure: a test worker that
// dies natively fails the run (vitest reports its broken channel as an
// error), and this script ends by naming the signal that killed it, which
// test/support/worker-deaths.ts prints from vitest's main process.
import { spawn } from 'node:child_process';

const args = ['vitest', 'run', ...process.argv.slice(2)];
const child = spawn('npx', args, { stdio: ['inherit', 'pipe', 'pipe'] });
let output = '';
const keep = (chunk, stream) => {
  output = (output + chunk.toString()).slice(-200_000);
  stream.write(chunk);
};
child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
child.on('close', (code, signal) => {
  const deaths = [...output.matchAll(/Test worker process \d+ died by SIG[A-Z0-9]+/g)].map((match) => match[0]);
  if (deaths.length > 0) console.error(`\nThe run fails: ${deaths.join('; ')}. A crash is a failure: find its cause.`);
  if (signal) console.error(`\nvitest itself was killed by ${signal}.`);
  process.exit(deaths.length > 0 || signal ? 1 : (code ?? 1));
});
