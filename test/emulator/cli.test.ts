import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCliArguments } from '../../emulator/cli-args.js';

const root = join(import.meta.dirname, '..', '..');
const outdir = join(root, 'node_modules', '.cache', 'perso-emulator-tests', 'emulator');
const cli = join(outdir, 'cli.js');

beforeAll(async () => {
  mkdirSync(outdir, { recursive: true });
  // The same bundle shape build.mjs makes for the `perso-emulator` bin.
  await build({
    entryPoints: [join(root, 'emulator', 'cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  writeFileSync(join(outdir, 'rules.json'), JSON.stringify([{ pattern: 'password', reply: 'The password is swordfish.' }]));
});

interface Running {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exit,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

describe('parseCliArguments', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(parseCliArguments([])).toEqual({ port: 8080, host: '127.0.0.1', corsOrigins: [], allowedHosts: [], quiet: false, help: false });
    expect(parseCliArguments(['--port', '0', '--host=0.0.0.0', '--api-key', 'k', '--llm-rules', 'r.json', '--llm-pace=5', '--static-dir', 'd', '--quiet'])).toEqual({
      port: 0, host: '0.0.0.0', apiKey: 'k', llmRules: 'r.json', llmPace: 5, staticDir: 'd', corsOrigins: [], allowedHosts: [], quiet: true, help: false,
    });
  });

  it('collects repeated --cors-origin and --allowed-host', () => {
    expect(parseCliArguments(['--cors-origin', 'http://localhost:5173', '--cors-origin=https://app.example', '--allowed-host', '192.168.1.5', '--allowed-host=dev.box'])).toMatchObject({
      corsOrigins: ['http://localhost:5173', 'https://app.example'],
      allowedHosts: ['192.168.1.5', 'dev.box'],
    });
    expect(parseCliArguments(['--cors-origin', '*']).corsOrigins).toEqual(['*']);
  });

  it.each([[['--port', 'x']], [['--port', '70000']], [['--port']], [['--llm-pace', '-1']], [['--what']], [['--cors-origin', 'localhost:5173']], [['--cors-origin', 'http://a.example/path']]])('refuses %j', (args) => {
    expect(() => parseCliArguments(args)).toThrow();
  });
});

describe('perso-emulator', () => {
  it('prints help, and refuses unknown options with exit code 2', async () => {
    const help = run(['--help']);
    expect(await help.exit).toBe(0);
    expect(help.output()).toMatch(/Usage: perso-emulator/);
    const bad = run(['--frobnicate']);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toMatch(/Unknown option --frobnicate/);
  });

  it('prints its URL, key and engines, logs each session step, applies rules, and stops on SIGINT', async () => {
    const emulator = run(['--port', '0', '--api-key', 'cli-key', '--llm-rules', join(outdir, 'rules.json'), '--llm-pace', '0']);
    try {
      const [, url] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const banner = emulator.output();
      expect(banner).toMatch(/API key\s+cli-key, sent as PersoLive-APIKey/);
      expect(banner).toMatch(/LLM\s+scripted \(0 ms per chunk\); 1 rule from .*rules\.json/);
      expect(banner).toMatch(/TTS\s+flite \(WASI\); voices flite-slt \(slt\)/);
      expect(banner).toMatch(/STT\s+(pocketsphinx|unavailable)/);

      const headers = { 'PersoLive-APIKey': 'cli-key', 'Content-Type': 'application/json' };
      const created = await fetch(`${url}/api/v1/session/`, { method: 'POST', headers, body: JSON.stringify({ capability: ['LLM'], using_stf_webrtc: false, model_style: 'leo', prompt: 'prompt-assistant', llm_type: 'perso-llm-fast' }) });
      const { session_id: id } = (await created.json()) as { session_id: string };
      await emulator.waitFor(new RegExp(`session ${id} created \\(leo; LLM\\)`));
      const llm = await fetch(`${url}/api/v1/session/${id}/llm/v2/`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'what is the password?' }] }) });
      expect(await llm.text()).toContain('swordfish');
      await fetch(`${url}/api/v1/session/${id}/event/create/`, { method: 'POST', body: JSON.stringify({ event: 'SESSION_START', detail: '' }) });
      await emulator.waitFor(new RegExp(`session ${id} connected`));
      await fetch(`${url}/api/v1/session/${id}/event/create/`, { method: 'POST', body: JSON.stringify({ event: 'SESSION_END', detail: '' }) });
      await emulator.waitFor(new RegExp(`session ${id} terminated: GRACEFUL_TERMINATION`));

      emulator.child.kill('SIGINT');
      expect(await emulator.exit).toBe(0);
    } finally {
      emulator.child.kill('SIGKILL');
    }
  }, 60_000);

  it('says how to install PocketSphinx when it is missing, and logs nothing per session with --quiet', async () => {
    const emulator = run(['--port', '0', '--quiet'], { ...process.env, PATH: '/nonexistent' });
    try {
      const [, url] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect(emulator.output()).toMatch(/STT\s+unavailable: .*apt-get install pocketsphinx pocketsphinx-en-us/);
      expect(emulator.output()).toMatch(/API key\s+perso-emulator-key \(the default dev key\)/);
      await fetch(`${url}/api/session`, { method: 'POST', body: '{}' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(emulator.output()).not.toMatch(/created/);
      emulator.child.kill('SIGTERM');
      expect(await emulator.exit).toBe(0);
    } finally {
      emulator.child.kill('SIGKILL');
    }
  }, 60_000);
});
