/**
 * The demo's "Open live inspector" link: it streams the running session's
 * statecharts to the emulator's hub, and the /inspector page it opens shows
 * the chart with its active states changing as the avatar speaks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { launchChromium, type RunningChromium } from './support/chromium.js';
import { connectionState, isBadgeActive, startSession } from './support/demo-page.js';
import { ARTIFACTS, requireBuilt } from './support/dist.js';
import { collectPageErrors, type PageErrors } from './support/page-errors.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
let browser: RunningChromium;
let demo: Page;
let inspector: Page;
const pageErrors: PageErrors[] = [];

beforeAll(async () => {
  requireBuilt('client/index.iife.js', 'demo/index.html', 'demo/app.iife.js', 'inspector-page/index.html', 'inspector-page/app.iife.js');
  emulator = await startEmulator({ port: 0 });
  browser = await launchChromium();
  demo = await browser.context.newPage();
  pageErrors.push(collectPageErrors(demo));
  await demo.goto(`${emulator.url}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

afterEach(() => {
  const unexpected = pageErrors.flatMap((errors) => errors.unexpected());
  for (const errors of pageErrors) errors.reset();
  expect(unexpected).toEqual([]);
});

async function activeStateIds(page: Page): Promise<string[]> {
  return page.locator('[data-state-id][data-active="true"]').evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('data-state-id') ?? '').sort(),
  );
}

describe('live inspector from the demo', () => {
  it('opens /inspector showing the running session, and its active states follow the session', async () => {
    await startSession(demo);

    const [opened] = await Promise.all([browser.context.waitForEvent('page'), demo.getByTestId('inspector-link').click()]);
    inspector = opened;
    pageErrors.push(collectPageErrors(inspector));
    await inspector.waitForLoadState();
    expect(new URL(inspector.url()).pathname).toMatch(/^\/inspector\/?$/);

    // The chart's ids are the session machine's (e.g. session.active.avatar.playback.silent).
    const activeMatching = async (pattern: RegExp) => (await activeStateIds(inspector)).filter((id) => pattern.test(id));
    await expect.poll(() => activeMatching(/link\.connected$/), { timeout: 30_000, interval: 250 }).toHaveLength(1);
    await expect.poll(() => activeMatching(/playback\.silent$/), { timeout: 30_000, interval: 250 }).toHaveLength(1);

    await demo.getByTestId('say-input').fill('Watch my states change in the inspector while I talk.');
    await demo.getByTestId('say-button').click();
    await expect.poll(() => isBadgeActive(demo, 'SPEAKING'), { timeout: 30_000, interval: 100 }).toBe(true);
    await expect.poll(() => activeMatching(/playback\.speaking$/), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    expect(await activeMatching(/playback\.silent$/)).toHaveLength(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await inspector.setViewportSize({ width: 1280, height: 800 });
    await inspector.screenshot({ path: join(ARTIFACTS, 'inspector.png') });

    await demo.getByTestId('stop-button').click();
    await expect.poll(() => connectionState(demo), { timeout: 30_000 }).toBe('closed');
  }, 150_000);
});
