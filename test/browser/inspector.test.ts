/**
 * The demo's "Open live inspector" link: it streams the running session's
 * statecharts to the emulator's hub, and the /inspector page it opens shows
 * the chart with its active states changing as the avatar speaks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromiumPage } from './support/chromium-page.js';
import { connectionState, isBadgeActive, startSession } from './support/demo-page.js';
import { ARTIFACTS } from './support/dist.js';

const fixture = useChromiumPage({
  built: ['client/index.iife.js', 'demo/index.html', 'demo/app.iife.js', 'inspector-page/index.html', 'inspector-page/app.iife.js'],
  emulator: {},
  open: '/',
});
let inspector: Page;

async function activeStateIds(page: Page): Promise<string[]> {
  return page.locator('[data-state-id][data-active="true"]').evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('data-state-id') ?? '').sort(),
  );
}

describe('live inspector from the demo', () => {
  it('opens /inspector showing the running session, and its active states follow the session', async () => {
    await startSession(fixture.page);

    const [opened] = await Promise.all([fixture.browser.context.waitForEvent('page'), fixture.page.getByTestId('inspector-link').click()]);
    inspector = opened;
    fixture.watch(inspector);
    await inspector.waitForLoadState();
    expect(new URL(inspector.url()).pathname).toMatch(/^\/inspector\/?$/);

    // The chart's ids are the session machine's (e.g. session.active.avatar.playback.silent).
    const activeMatching = async (pattern: RegExp) => (await activeStateIds(inspector)).filter((id) => pattern.test(id));
    await expect.poll(() => activeMatching(/link\.connected$/), { timeout: 30_000, interval: 250 }).toHaveLength(1);
    await expect.poll(() => activeMatching(/playback\.silent$/), { timeout: 30_000, interval: 250 }).toHaveLength(1);

    await fixture.page.getByTestId('say-input').fill('Watch my states change in the inspector while I talk.');
    await fixture.page.getByTestId('say-button').click();
    await expect.poll(() => isBadgeActive(fixture.page, 'SPEAKING'), { timeout: 30_000, interval: 100 }).toBe(true);
    await expect.poll(() => activeMatching(/playback\.speaking$/), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    expect(await activeMatching(/playback\.silent$/)).toHaveLength(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await inspector.setViewportSize({ width: 1280, height: 800 });
    await inspector.screenshot({ path: join(ARTIFACTS, 'inspector.png') });

    await fixture.page.getByTestId('stop-button').click();
    await expect.poll(() => connectionState(fixture.page), { timeout: 30_000 }).toBe('closed');
  }, 150_000);
});
