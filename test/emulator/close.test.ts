import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { call, createSession, start } from './emulator-helpers.js';

const root = join(import.meta.dirname, '..', '..');

describe('close()', () => {
  it('leaves no server or socket handle in the process', async () => {
    const count = (type: string) => process.getActiveResourcesInfo().filter((name) => name === type).length;
    const before = { servers: count('TCPServerWrap'), sockets: count('TCPSocketWrap'), timers: count('Timeout') };
    const emulator = await start();
    const id = await createSession(emulator);
    await call(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: [{ role: 'user', content: 'hi' }] } });
    expect(count('TCPServerWrap')).toBe(before.servers + 1);
    await emulator.close();
    await emulator.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(count('TCPServerWrap')).toBe(before.servers);
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
    expect(emulator.sessions.get(id)).toMatchObject({ status: 'TERMINATED', termination_reason: 'SESSION_MISC_ERROR' });
  });

  it('lets a process that used every engine and a real WebRTC peer exit by itself', async () => {
    const outdir = join(root, 'node_modules', '.cache', 'perso-emulator-tests');
    mkdirSync(outdir, { recursive: true });
    const outfile = join(outdir, 'start-and-close.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'fixtures', 'start-and-close.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [outfile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let closedAt = 0;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (!closedAt && output.includes('closed')) closedAt = Date.now();
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    expect(output).toContain('status IN_PROGRESS');
    expect({ code, signal, output }).toMatchObject({ code: 0, signal: null });
    expect(closedAt).toBeGreaterThan(0);
    expect(Date.now() - closedAt).toBeLessThan(5000);
  }, 60_000);
});
