import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../../emulator/index.js';

const root = join(import.meta.dirname, '..', '..');

async function runFixture(runs: number, fixture = 'flite-under-gc', nodeFlags = ['--expose-gc']): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const outdir = join(root, 'node_modules', '.cache', 'perso-emulator-tests');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `${fixture}.mjs`);
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', `${fixture}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, [...nodeFlags, outfile, String(runs)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const killer = setTimeout(() => child.kill('SIGKILL'), 100_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  clearTimeout(killer);
  return { code, signal, output };
}

describe('Flite engine lifetime', () => {
  // With node:wasi (a native WASI per run) this aborted in uv_mutex_destroy within a few runs.
  it('runs Flite again and again under forced garbage collection, and the process exits by itself', async () => {
    const result = await runFixture(20);
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.output).toMatch(/in-thread 20 runs [1-9]\d+ bytes/);
    expect(result.output).toMatch(/worker 20 runs [1-9]\d+ samples/);
  }, 120_000);

  // Each run's instance holds a ~20 MB copy of Flite's voices; before the worker
  // collected after each request, RSS climbed ~19 MB a request to ~+150 MB.
  it('frees each run\'s Flite instance: RSS stays within two instances of where it started', async () => {
    const result = await runFixture(30, 'flite-rss', []);
    expect(result).toMatchObject({ code: 0, signal: null });
    const { before, peak } = JSON.parse(result.output.trim().split('\n').at(-1)!) as { before: number; peak: number };
    expect(peak - before).toBeLessThan(60);
  }, 120_000);

  it('answers many requests at once, each with its own speech', async () => {
    const texts = ['One.', 'Two words.', 'Three words here.', 'Four words are here.', 'Five words are right here.'];
    const lengths = (await Promise.all(texts.map((text) => synthesize(text, 'slt')))).map((speech) => speech.samples.length);
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeGreaterThan(lengths[i - 1]!);
  });
});
