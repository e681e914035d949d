/**
 * The demo page's own behaviour, with a mock SDK and mocked server routes
 * (no emulator): controls enable and disable with the session, messages and
 * tool calls render, errors reach the person, and the layout holds at
 * laptop and phone widths.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useChromiumPage } from './support/chromium-page.js';
import { ARTIFACTS } from './support/dist.js';
import { MOCK_ORIGIN, routeMockDemo } from './support/mock-sdk.js';

/** Polls wait generously: two cores are shared with everything else. */
const POLL = { timeout: 15_000, interval: 50 };
/** Console errors the running test provokes on purpose. */
let expectedErrors: RegExp[] = [];

beforeEach(() => {
  expectedErrors = [];
});

const fixture = useChromiumPage({
  built: ['demo/index.html', 'demo/app.iife.js', 'demo/styles.css'],
  prepare: routeMockDemo,
  allowedErrors: () => expectedErrors,
});

async function isDisabled(testid: string): Promise<boolean> {
  return fixture.page.getByTestId(testid).isDisabled();
}

describe('demo page (mock SDK)', () => {
  it('fills the settings and keeps the conversation controls disabled until connected', async () => {
    await fixture.page.goto(`${MOCK_ORIGIN}/`);
    await expect.poll(() => isDisabled('start-button'), POLL).toBe(false);
    await expect.poll(() => fixture.page.getByTestId('setting-model-style').inputValue(), POLL).toBe('aria-casual');
    for (const id of ['stop-button', 'interrupt-button', 'chat-input', 'chat-send', 'mic-button', 'say-input']) {
      expect(await isDisabled(id), id).toBe(true);
    }
    expect(await fixture.page.getByTestId('connection-state').getAttribute('data-state')).toBe('idle');
    mkdirSync(ARTIFACTS, { recursive: true });
    await fixture.page.screenshot({ path: join(ARTIFACTS, 'demo-mock-idle.png') });
  });

  it('starts, chats, runs the weather tool, and shows it all', async () => {
    await fixture.page.getByTestId('start-button').click();
    await expect.poll(() => fixture.page.getByTestId('connection-state').getAttribute('data-state'), POLL).toBe('connected');
    expect(await isDisabled('chat-input')).toBe(false);
    expect(await isDisabled('setting-llm')).toBe(true);
    await fixture.page.getByTestId('chat-input').fill('What is the weather in Paris');
    await fixture.page.getByTestId('chat-send').click();
    const messages = fixture.page.getByTestId('chat-message');
    await expect.poll(() => messages.count(), POLL).toBe(2);
    expect(await messages.nth(0).getAttribute('data-role')).toBe('user');
    expect(await messages.nth(1).textContent()).toMatch(/In Paris it is -?\d+ degrees/);
    const call = fixture.page.getByTestId('tool-call');
    expect(await call.getAttribute('data-status')).toBe('done');
    expect(await call.getByTestId('tool-call-args').textContent()).toContain('"location":"Paris"');
    await expect.poll(() => fixture.page.getByTestId('badge-SPEAKING').getAttribute('data-active'), POLL).toBe('true');
    await fixture.page.getByTestId('interrupt-button').click();
    expect(await fixture.page.getByTestId('badge-SPEAKING').getAttribute('data-active')).toBe('false');
  });

  it('lays out in two columns at 1280×800 and one at 375×812, with nothing wider than the screen', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await fixture.page.setViewportSize({ width: 1280, height: 800 });
    const video = await fixture.page.getByTestId('avatar-video').boundingBox();
    const log = await fixture.page.getByTestId('chat-log').boundingBox();
    expect(video && log && log.x > video.x + video.width).toBe(true);
    await fixture.page.screenshot({ path: join(ARTIFACTS, 'demo-mock-desktop.png') });

    await fixture.page.setViewportSize({ width: 375, height: 812 });
    const phoneVideo = await fixture.page.getByTestId('avatar-video').boundingBox();
    const phoneLog = await fixture.page.getByTestId('chat-log').boundingBox();
    expect(phoneVideo && phoneLog && phoneLog.y > phoneVideo.y + phoneVideo.height).toBe(true);
    expect(await fixture.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await fixture.page.screenshot({ path: join(ARTIFACTS, 'demo-mock-phone.png'), fullPage: true });
    await fixture.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('stops: the connection shows closed and the controls disable again', async () => {
    await fixture.page.getByTestId('stop-button').click();
    expect(await fixture.page.getByTestId('connection-state').getAttribute('data-state')).toBe('closed');
    expect(await isDisabled('chat-input')).toBe(true);
    expect(await isDisabled('start-button')).toBe(false);
    expect(await fixture.page.getByTestId('error-banner').isHidden()).toBe(true);
  });

  it('tells the person in words when the server refuses a session, and the banner dismisses', async () => {
    expectedErrors = [/status of 500/];
    await fixture.page.route(`${MOCK_ORIGIN}/api/session`, (route) => route.fulfill({ status: 500, json: { error: 'Failed to create session' } }));
    await fixture.page.getByTestId('start-button').click();
    await expect.poll(() => fixture.page.getByTestId('error-banner').isVisible(), POLL).toBe(true);
    expect(await fixture.page.getByTestId('error-message').textContent()).toContain('Could not start the session');
    expect(await fixture.page.getByTestId('connection-state').getAttribute('data-state')).toBe('idle');
    await fixture.page.getByTestId('error-dismiss').click();
    expect(await fixture.page.getByTestId('error-banner').isHidden()).toBe(true);
    await fixture.page.unroute(`${MOCK_ORIGIN}/api/session`);
  });
});

describe('demo page when the browser blocks audible autoplay (mock SDK)', () => {
  it('plays the video muted and offers a button that turns the sound on', async () => {
    await fixture.page.addInitScript(() => {
      const play = HTMLMediaElement.prototype.play;
      let gesture = false;
      document.addEventListener('pointerdown', () => (gesture = true), { capture: true });
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        if (!this.muted && !gesture) return Promise.reject(new DOMException('play() needs a gesture', 'NotAllowedError'));
        return play.call(this);
      };
    });
    await fixture.page.reload();
    await expect.poll(() => fixture.page.getByTestId('start-button').isEnabled(), POLL).toBe(true);
    // Start through the keyboard, so no click counts as the gesture.
    await fixture.page.getByTestId('start-button').focus();
    await fixture.page.keyboard.press('Enter');
    const sound = fixture.page.getByTestId('enable-sound');
    await expect.poll(() => sound.isVisible(), POLL).toBe(true);
    expect(await fixture.page.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => video.muted)).toBe(true);
    await sound.click();
    await expect.poll(() => sound.isHidden(), POLL).toBe(true);
    expect(await fixture.page.getByTestId('avatar-video').evaluate((video: HTMLVideoElement) => ({ muted: video.muted, paused: video.paused }))).toEqual({
      muted: false,
      paused: false,
    });
    await fixture.page.getByTestId('stop-button').click();
  });
});
