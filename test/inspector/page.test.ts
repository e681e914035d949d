import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assign, createActor, setup, type AnyActorRef } from 'xstate';
import { createInspectorHub, inspectorPageRoutes, type InspectorHub } from '../../emulator/inspector-hub.js';
import { attachInspector, type InspectorAttachment } from '../../inspector/index.js';
import { dispatch } from './route-dispatch.js';

const CHROMIUM = '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const machine = setup({
  types: {
    context: {} as { count: number; note: string },
    events: {} as { type: 'TOGGLE' } | { type: 'NOTE'; text: string },
  },
}).createMachine({
  id: 'lamp',
  type: 'parallel',
  context: { count: 0, note: '' },
  states: {
    power: {
      initial: 'off',
      states: {
        off: { on: { TOGGLE: { target: 'on', actions: assign({ count: ({ context }) => context.count + 1 }) } } },
        on: { on: { TOGGLE: 'off' } },
      },
    },
    notes: { initial: 'idle', states: { idle: { on: { NOTE: { actions: assign({ note: ({ event }) => event.text }) } } } } },
  },
});

describe.skipIf(!existsSync(CHROMIUM))('inspector page in Chromium', () => {
  let pageDir: string;
  let hub: InspectorHub;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const actors: AnyActorRef[] = [];
  const attachments: InspectorAttachment[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    pageDir = mkdtempSync(join(tmpdir(), 'inspector-page-'));
    await build({ entryPoints: [join(root, 'inspector/page/app.ts')], outfile: join(pageDir, 'app.iife.js'), bundle: true, format: 'iife', platform: 'browser', target: ['chrome90'], logLevel: 'warning' });
    cpSync(join(root, 'inspector/page/public'), pageDir, { recursive: true });

    hub = createInspectorHub();
    const routes = inspectorPageRoutes(pageDir);
    server = createServer((req, res) => dispatch(routes, req, res));
    server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    });
  });

  afterAll(async () => {
    for (const attachment of attachments) attachment.detach();
    for (const actor of actors) actor.stop();
    await browser?.close();
    await hub?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (pageDir) rmSync(pageDir, { recursive: true, force: true });
  });

  function startAndAttach(label: string): AnyActorRef {
    const actor = createActor(machine).start();
    actors.push(actor);
    attachments.push(attachInspector(actor, { url: origin, WebSocket, label }));
    return actor;
  }

  it('draws the chart, follows the active states, logs events and diffs the context', async () => {
    const actor = startAndAttach('first lamp');
    await page.goto(`${origin}/inspector`);
    await page.waitForSelector('body[data-hub="connected"]');
    await page.waitForSelector('[data-state-id="lamp.power.off"][data-active="true"]');
    expect(await page.getAttribute('[data-state-id="lamp"]', 'data-state-type')).toBe('parallel');
    expect(await page.getAttribute('[data-state-id="lamp.notes.idle"]', 'data-active')).toBe('true');

    actor.send({ type: 'TOGGLE' });
    await page.waitForSelector('[data-state-id="lamp.power.on"][data-active="true"]');
    expect(await page.getAttribute('[data-state-id="lamp.power.off"]', 'data-active')).toBe('false');

    const row = page.locator('#event-log .event-row[data-event-type="TOGGLE"]');
    await row.first().waitFor();
    await row.first().locator('summary').click();
    await expect.poll(() => row.first().locator('.event-row__transitions').textContent()).toContain('lamp.power.off → lamp.power.on');

    await page.waitForSelector('#context-diff tr[data-path="count"]');
    expect(await page.textContent('#context-diff tr[data-path="count"] .change__after')).toBe('1');
    await page.waitForSelector('.track[data-track="power"] .segment[data-label="on"]');
  });

  it('shows hostile payloads as text and offers a picker when several sessions stream', async () => {
    const hostile = '<img src=x onerror=window.__pwned=1>';
    actors[0]!.send({ type: 'NOTE', text: hostile });
    const row = page.locator('#event-log .event-row[data-event-type="NOTE"]');
    await row.first().waitFor();
    await row.first().locator('summary').click();
    await expect.poll(() => row.first().locator('pre').textContent()).toContain(hostile);
    expect(await page.locator('#event-log img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    startAndAttach('second lamp');
    await expect.poll(() => page.locator('#source-picker option').allTextContents()).toEqual([
      expect.stringContaining('first lamp'),
      expect.stringContaining('second lamp'),
    ]);
    const second = await page.locator('#source-picker option', { hasText: 'second lamp' }).getAttribute('value');
    await page.selectOption('#source-picker', second!);
    actors[1]!.send({ type: 'TOGGLE' });
    await page.waitForSelector('[data-state-id="lamp.power.on"][data-active="true"]');
    expect(await page.locator('#event-log .event-row[data-event-type="NOTE"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
