#!/usr/bin/env node
// `npm run soak` (`node soak/run.mjs [--quick] [--mode M] [--only S] [counts]`): bundles the soak suite
// with esbuild and runs it in a Node process of its own with --expose-gc.
// The emulator runs once in a child process and once inside the soak
// process; a native crash of either fails the run with its signal named.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const budgetS = quick ? 480 : 3600;

await build({
  // The emulator child lands where bench/lib/emulator-process.ts looks for it.
  entryPoints: { 'soak/.out/soak': join(root, 'soak', 'soak.ts'), 'bench/.out/lib/emulator-child': join(root, 'bench', 'lib', 'emulator-child.ts') },
  outdir: root,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

// Every flag is passed on: --quick, and --mode/--only/--sessions/--turns/--cycles/--utterances/--requests (soak/soak.ts).
const child = spawn(process.execPath, ['--expose-gc', join(root, 'soak', '.out', 'soak.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const timer = setTimeout(() => {
  console.error(`soak: exceeded its ${budgetS} s budget; stopping it`);
  child.kill('SIGKILL');
}, budgetS * 1000);
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (signal) console.error(`soak: the soak process (SDK and in-process emulator) was killed by ${signal}: a crash`);
  process.exit(signal ? 1 : (code ?? 1));
});
