/**
 * Turn timelines in Chromium against a real emulator, through the demo page:
 * a typed turn's timeline has the first video frame after the avatar's first
 * `stf` (requestVideoFrameCallback on the bound video), the demo draws it as
 * a waterfall, and /inspector shows the same turn next to the chart.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { useChromiumPage } from './support/chromium-page.js';
import { ask, startSession } from './support/demo-page.js';
import { ARTIFACTS } from './support/dist.js';
import { collectPageErrors } from './support/page-errors.js';

// A real session in Chromium on a shared 2-core box: connecting alone can take tens of seconds.
vi.setConfig({ testTimeout: 120_000 });

const fixture = useChromiumPage({
  built: ['client/index.iife.js', 'demo/index.html', 'demo/app.iife.js', 'inspector-page/app.iife.js'],
  emulator: {},
  open: '/',
});
const POLL = { timeout: 60_000, interval: 250 };

/** The steps each drawn waterfall has a bar for, newest turn first. */
function drawnSteps(on: Page, testid: string): Promise<Array<{ end: string | undefined; steps: string[] }>> {
  return on.getByTestId(testid).evaluateAll((turns) =>
    turns.map((turn) => ({
      end: (turn as HTMLElement).dataset.end,
      steps: [...turn.querySelectorAll('rect[data-step]')].map((bar) => bar.getAttribute('data-step') ?? ''),
    })),
  );
}

const SPOKEN_STEPS = ['llmRequestSent', 'llmFirstByte', 'firstMessage', 'firstTtstfSent', 'firstStf', 'firstVideoFrame', 'llmStreamEnd', 'speechEnd'];

describe('turn timelines in the browser', () => {
  it('a typed turn is drawn as a waterfall with every step, the first video frame after the stf included', async () => {
    await startSession(fixture.page);
    await expect.poll(() => fixture.page.getByTestId('connection-quality').isVisible(), POLL).toBe(true);
    await ask(fixture.page, 'Hello!');
    await expect.poll(async () => (await drawnSteps(fixture.page, 'turn-waterfall')).length, POLL).toBe(1);
    const [turn] = await drawnSteps(fixture.page, 'turn-waterfall');
    expect(turn).toEqual({ end: 'spoken', steps: SPOKEN_STEPS });
    // Bars are real pictures: each has a width and sits inside the chart.
    const bars = await fixture.page.getByTestId('turn-bar').evaluateAll((rects) => rects.map((rect) => (rect as SVGRectElement).getBBox().width));
    expect(bars.every((width) => width > 0)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await fixture.page.locator('.latency').screenshot({ path: join(ARTIFACTS, 'demo-turn-latency.png') });
  });

  it('/inspector shows the finished turn next to the chart, with the link quality', async () => {
    const [inspector] = await Promise.all([fixture.browser.context.waitForEvent('page'), fixture.page.getByTestId('inspector-link').click()]);
    const inspectorErrors = collectPageErrors(inspector);
    await inspector.waitForLoadState();
    await expect.poll(async () => (await drawnSteps(inspector, 'inspector-turn')).length, POLL).toBe(1);
    expect(await drawnSteps(inspector, 'inspector-turn')).toEqual([{ end: 'spoken', steps: SPOKEN_STEPS }]);
    await expect.poll(() => inspector.getByTestId('link-quality').textContent(), POLL).toMatch(/^(excellent|good|poor)/);

    await ask(fixture.page, 'How are you?');
    await expect.poll(async () => (await drawnSteps(inspector, 'inspector-turn')).length, POLL).toBe(2);
    await expect.poll(async () => (await drawnSteps(fixture.page, 'turn-waterfall')).length, POLL).toBe(2);
    await inspector.locator('.panel--session').screenshot({ path: join(ARTIFACTS, 'inspector-turn-latency.png') });
    expect(inspectorErrors.unexpected()).toEqual([]);
    await inspector.close();
  });
});
