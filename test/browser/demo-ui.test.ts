/**
 * The demo page's own behaviour, with a mock SDK and mocked server routes
 * (no emulator): controls enable and disable with the session, messages and
 * tool calls render, errors reach the person, and the layout holds at
 * laptop and phone widths.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningChromium } from './support/chromium.js';
import { ARTIFACTS, requireBuilt } from './support/dist.js';
import { MOCK_ORIGIN, routeMockDemo } from './support/mock-sdk.js';
import { collectPageErrors, type PageErrors } from './support/page-errors.js';

let browser: RunningChromium;
let page: Page;
let errors: PageErrors;
/** Polls wait generously: two cores are shared with everything else. */
const POLL = { timeout: 15_000, interval: 50 };
/** Console errors the running test provokes on purpose. */
let expectedErrors: RegExp[] = [];

beforeAll(async () => {
  requireBuilt('demo/index.html', 'demo/app.iife.js', 'demo/styles.css');
  browser = await launchChromium();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  await routeMockDemo(page);
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  const unexpected = errors.unexpected(expectedErrors);
  errors.reset();
  expectedErrors = [];
  expect(unexpected).toEqual([]);
});

async function isDisabled(testid: string): Promise<boolean> {
  return page.getByTestId(testid).isDisabled();
}

describe('demo page (mock SDK)', () => {
  it('fills the settings and keeps the conversation controls disabled until connected', async () => {
    await page.goto(`${MOCK_ORIGIN}/`);
    await expect.poll(() => isDisabled('start-button'), POLL).toBe(false);
    await expect.poll(() => page.getByTestId('setting-model-style').inputValue(), POLL).toBe('aria-casual');
    for (const id of ['stop-button', 'interrupt-button', 'chat-input', 'chat-send', 'mic-button', 'say-input']) {
      expect(await isDisabled(id), id).toBe(true);
    }
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('idle');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-mock-idle.png') });
  });

  it('starts, chats, runs the weather tool, and shows it all', async () => {
    await page.getByTestId('start-button').click();
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), POLL).toBe('connected');
    expect(await isDisabled('chat-input')).toBe(false);
    expect(await isDisabled('setting-llm')).toBe(true);
    await page.getByTestId('chat-input').fill('What is the weather in Paris');
    await page.getByTestId('chat-send').click();
    const messages = page.getByTestId('chat-message');
    await expect.poll(() => messages.count(), POLL).toBe(2);
    expect(await messages.nth(0).getAttribute('data-role')).toBe('user');
    expect(await messages.nth(1).textContent()).toMatch(/In Paris it is -?\d+ degrees/);
    const call = page.getByTestId('tool-call');
    expect(await call.getAttribute('data-status')).toBe('done');
    expect(await call.getByTestId('tool-call-args').textContent()).toContain('"location":"Paris"');
    await expect.poll(() => page.getByTestId('badge-SPEAKING').getAttribute('data-active'), POLL).toBe('true');
    await page.getByTestId('interrupt-button').click();
    expect(await page.getByTestId('badge-SPEAKING').getAttribute('data-active')).toBe('false');
  });

  it('lays out in two columns at 1280×800 and one at 375×812, with nothing wider than the screen', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    const video = await page.getByTestId('avatar-video').boundingBox();
    const log = await page.getByTestId('chat-log').boundingBox();
    expect(video && log && log.x > video.x + video.width).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-mock-desktop.png') });

    await page.setViewportSize({ width: 375, height: 812 });
    const phoneVideo = await page.getByTestId('avatar-video').boundingBox();
    const phoneLog = await page.getByTestId('chat-log').boundingBox();
    expect(phoneVideo && phoneLog && phoneLog.y > phoneVideo.y + phoneVideo.height).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-mock-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('stops: the connection shows closed and the controls disable again', async () => {
    await page.getByTestId('stop-button').click();
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('closed');
    expect(await isDisabled('chat-input')).toBe(true);
    expect(await isDisabled('start-button')).toBe(false);
    expect(await page.getByTestId('error-banner').isHidden()).toBe(true);
  });

  it('tells the person in words when the server refuses a session, and the banner dismisses', async () => {
    expectedErrors = [/status of 500/];
    await page.route(`${MOCK_ORIGIN}/api/session`, (route) => route.fulfill({ status: 500, json: { error: 'Failed to create session' } }));
    await page.getByTestId('start-button').click();
    await expect.poll(() => page.getByTestId('error-banner').isVisible(), POLL).toBe(true);
    expect(await page.getByTestId('error-message').textContent()).toContain('Could not start the session');
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('idle');
    await page.getByTestId('error-dismiss').click();
    expect(await page.getByTestId('error-banner').isHidden()).toBe(true);
    await page.unroute(`${MOCK_ORIGIN}/api/session`);
  });
});

describe('demo page when the browser blocks audible autoplay (mock SDK)', () => {
  it('plays the video muted and offers a button that turns the sound on', async () => {
    await page.addInitScript(() => {
      const play = HTMLMediaElement.prototype.play;
      let gesture = false;
      document.addEventListener('pointerdown', () => (gesture = true), { capture: true });
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        if (!this.muted && !gesture) return Promise.reject(new DOMException('play() needs a gesture', 'NotAllowedError'));
        return play.call(this);
      };
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('start-button').isEnabled(), POLL).toBe(true);
    // Start through the keyboard, so no click counts as the gesture.
    await page.getByTestId('start-button').focus();
    await page.keyboard.press('Enter');
    const sound = page.getByTestId('enable-sound');
    await expect.poll(() => sound.isVisible(), POLL).toBe(true);
    expect(await page.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => video.muted)).toBe(true);
    await sound.click();
    await expect.poll(() => sound.isHidden(), POLL).toBe(true);
    expect(await page.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => ({ muted: video.muted, paused: video.paused }))).toEqual({
      muted: false,
      paused: false,
    });
    await page.getByTestId('stop-button').click();
  });
});
