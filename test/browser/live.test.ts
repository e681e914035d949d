/**
 * Issue 14 in Chromium against a real emulator, through the demo page:
 * autoplay recovery under the browser's DEFAULT autoplay policy (no
 * --autoplay-policy flag), and the connection-quality level falling and
 * recovering with the emulator's degradeLink fault.
 */
import { describe, expect, it, vi } from 'vitest';
import { useChromiumPage } from './support/chromium-page.js';
import { chromiumArgs } from './support/chromium.js';
import { connectionState } from './support/demo-page.js';
import { collectPageErrors } from './support/page-errors.js';

// A real session in Chromium on a shared 2-core box: connecting alone can take tens of seconds.
vi.setConfig({ testTimeout: 120_000 });

const fixture = useChromiumPage({
  built: ['client/index.iife.js', 'demo/index.html', 'demo/app.iife.js'],
  emulator: {},
  chromium: { autoplayPolicy: 'browser-default' },
  open: '/',
});
const POLL = { timeout: 45_000, interval: 250 };

async function waitConnected(): Promise<void> {
  await expect.poll(() => connectionState(fixture.page), POLL).toBe('connected');
}

async function stop(): Promise<void> {
  await fixture.page.getByTestId('stop-button').click();
  await expect.poll(() => connectionState(fixture.page), POLL).toBe('closed');
}

const videoState = () => fixture.page.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => ({ muted: video.muted, paused: video.paused }));

describe('autoplay recovery with the default autoplay policy', () => {
  it('the launcher passes no --autoplay-policy flag for this browser', () => {
    expect(chromiumArgs(undefined, 'browser-default').some((arg) => arg.startsWith('--autoplay-policy'))).toBe(false);
  });

  it('without a gesture the sound is blocked and the video plays muted; a real click on "enable sound" turns it on', async () => {
    // Playwright runs every evaluation (locators too) as a user gesture, so until the click
    // this page is never evaluated: it starts the session itself with a script click()
    // (not a gesture) and reports what it shows on the console.
    const blockedPage = await fixture.browser.context.newPage();
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
    await blockedPage.goto(`${fixture.emulator.url}/`);
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
    await fixture.page.getByTestId('start-button').click();
    await waitConnected();
    await expect.poll(videoState, POLL).toEqual({ muted: false, paused: false });
    expect(await fixture.page.getByTestId('enable-sound').isHidden()).toBe(true);
    await stop();
  });
});

describe('connection quality in the demo', () => {
  const level = () => fixture.page.getByTestId('connection-quality').getAttribute('data-level');
  const sessionId = () => fixture.page.getByTestId('session-id').getAttribute('data-session-id');

  it('shows the level; it falls to poor when the emulator lowers the frame rate and recovers when restored', async () => {
    await fixture.page.getByTestId('start-button').click();
    await waitConnected();
    await expect.poll(level, POLL).toMatch(/^(excellent|good)$/);
    const id = (await sessionId()) as string;
    fixture.emulator.faults.degradeLink(id, { fps: 4 });
    await expect.poll(level, POLL).toBe('poor');
    expect(await fixture.page.getByTestId('connection-quality').getAttribute('title')).toMatch(/fps/);
    fixture.emulator.faults.degradeLink(id, {});
    await expect.poll(level, POLL).toMatch(/^(excellent|good)$/);
    await stop();
  });
});
