/**
 * Issue 14 in Chromium against a real emulator, through the demo page:
 * autoplay recovery under the browser's DEFAULT autoplay policy (no
 * --autoplay-policy flag), and the connection-quality level falling and
 * recovering with the emulator's degradeLink fault.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { chromiumArgs, launchChromium, type RunningChromium } from './support/chromium.js';
import { connectionState } from './support/demo-page.js';
import { requireBuilt } from './support/dist.js';
import { collectPageErrors, type PageErrors } from './support/page-errors.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

// A real session in Chromium on a shared 2-core box: connecting alone can take tens of seconds.
vi.setConfig({ testTimeout: 120_000 });

let emulator: Emulator;
let browser: RunningChromium;
let page: Page;
let errors: PageErrors;
const POLL = { timeout: 45_000, interval: 250 };

beforeAll(async () => {
  requireBuilt('client/index.iife.js', 'demo/index.html', 'demo/app.iife.js');
  emulator = await startEmulator({ port: 0 });
  browser = await launchChromium({ autoplayPolicy: 'browser-default' });
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  await page.goto(`${emulator.url}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

afterEach(() => {
  const unexpected = errors.unexpected();
  errors.reset();
  expect(unexpected).toEqual([]);
});

async function waitConnected(): Promise<void> {
  await expect.poll(() => connectionState(page), POLL).toBe('connected');
}

async function stop(): Promise<void> {
  await page.getByTestId('stop-button').click();
  await expect.poll(() => connectionState(page), POLL).toBe('closed');
}

const videoState = () => page.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => ({ muted: video.muted, paused: video.paused }));

describe('autoplay recovery with the default autoplay policy', () => {
  it('the launcher passes no --autoplay-policy flag for this browser', () => {
    expect(chromiumArgs(undefined, 'browser-default').some((arg) => arg.startsWith('--autoplay-policy'))).toBe(false);
  });

  it('without a gesture the sound is blocked and the video plays muted; a real click on "enable sound" turns it on', async () => {
    // Playwright runs every evaluation (locators too) as a user gesture, so until the click
    // this page is never evaluated: it starts the session itself with a script click()
    // (not a gesture) and reports what it shows on the console.
    const blockedPage = await browser.context.newPage();
    const blockedErrors = collectPageErrors(blockedPage);
    const reported = new Promise<{ muted: boolean; paused: boolean; everActive: boolean; x: number; y: number }>((resolve) => {
      blockedPage.on('console', (message) => {
        const match = /^live:blocked:(.*)$/.exec(message.text());
        if (match) resolve(JSON.parse(match[1] as string));
      });
    });
    await blockedPage.addInitScript(() => {
      const startWhenReady = setInterval(() => {
        const start = document.getElementById('start-button') as HTMLButtonElement | null;
        if (!start || start.disabled) return;
        clearInterval(startWhenReady);
        start.click();
      }, 100);
      const reportWhenBlocked = setInterval(() => {
        const button = document.getElementById('enable-sound') as HTMLButtonElement | null;
        const video = document.getElementById('avatar-video') as HTMLVideoElement | null;
        if (!button || !video || button.hidden || video.paused) return;
        clearInterval(reportWhenBlocked);
        const rect = button.getBoundingClientRect();
        const state = { muted: video.muted, paused: video.paused, everActive: navigator.userActivation.hasBeenActive, x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
        console.log(`live:blocked:${JSON.stringify(state)}`);
      }, 100);
    });
    await blockedPage.goto(`${emulator.url}/`);
    const blocked = await reported;
    expect(blocked).toMatchObject({ muted: true, paused: false, everActive: false });

    await blockedPage.mouse.click(blocked.x, blocked.y);
    const sound = blockedPage.getByTestId('enable-sound');
    await expect.poll(() => sound.isHidden(), POLL).toBe(true);
    expect(await blockedPage.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => ({ muted: video.muted, paused: video.paused }))).toEqual({
      muted: false,
      paused: false,
    });
    await blockedPage.getByTestId('stop-button').click();
    await expect.poll(() => connectionState(blockedPage), POLL).toBe('closed');
    await blockedPage.close();
    expect(blockedErrors.unexpected()).toEqual([]);
  });

  it('after a gesture nothing is blocked and the button stays hidden', async () => {
    await page.getByTestId('start-button').click();
    await waitConnected();
    await expect.poll(videoState, POLL).toEqual({ muted: false, paused: false });
    expect(await page.getByTestId('enable-sound').isHidden()).toBe(true);
    await stop();
  });
});

describe('connection quality in the demo', () => {
  const level = () => page.getByTestId('connection-quality').getAttribute('data-level');
  const sessionId = () => page.getByTestId('session-id').getAttribute('data-session-id');

  it('shows the level; it falls to poor when the emulator lowers the frame rate and recovers when restored', async () => {
    await page.getByTestId('start-button').click();
    await waitConnected();
    await expect.poll(level, POLL).toMatch(/^(excellent|good)$/);
    const id = (await sessionId()) as string;
    emulator.faults.degradeLink(id, { fps: 4 });
    await expect.poll(level, POLL).toBe('poor');
    expect(await page.getByTestId('connection-quality').getAttribute('title')).toMatch(/fps/);
    emulator.faults.degradeLink(id, {});
    await expect.poll(level, POLL).toMatch(/^(excellent|good)$/);
    await stop();
  });
});
