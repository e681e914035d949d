/**
 * The demo app, end to end in Chromium against a real emulator: the IIFE SDK
 * connects over WebRTC, the avatar video plays and moves, typed and spoken
 * questions are answered, the weather tool runs, Interrupt silences the
 * avatar, and Stop ends the session on the server too.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSessionInfo } from '../../src/server/index.js';
import {
  activeBadges,
  badgeChanges,
  chatMessages,
  speakThroughMicButton,
  connectionState,
  isBadgeActive,
  recordBadgeChanges,
  sampleVideo,
  startSession,
  ask as askInPage,
  waitForAnswer as waitForAnswerInPage,
} from './support/demo-page.js';
import { useChromiumPage } from './support/chromium-page.js';
import { ARTIFACTS } from './support/dist.js';
import { peerStates as pagePeerStates, trackPeerConnections } from './support/peer-tracker.js';

const POCKETSPHINX = '/usr/bin/pocketsphinx_continuous';
const SPOKEN_QUESTION = 'What is the weather in Paris';
const LONG_SPEECH =
  'This is a long announcement, so that there is plenty of time to interrupt it. ' +
  'It goes on for a while about nothing in particular, sentence after sentence, ' +
  'until somebody presses the interrupt button and the avatar stops talking at once.';

const fixture = useChromiumPage({
  built: ['client/index.iife.js', 'demo/index.html', 'demo/app.iife.js', 'demo/styles.css'],
  emulator: { microphoneSays: { text: SPOKEN_QUESTION } },
  prepare: (page) => page.addInitScript(trackPeerConnections),
  open: '/',
});

function peerStates(): Promise<string[]> {
  return pagePeerStates(fixture.page);
}

function ask(question: string): Promise<void> {
  return askInPage(fixture.page, question);
}

function waitForAnswer(question: RegExp, timeoutMs?: number): Promise<string> {
  return waitForAnswerInPage(fixture.page, question, timeoutMs);
}

async function waitUntilSilent(timeoutMs = 60_000): Promise<void> {
  await expect
    .poll(async () => (await activeBadges(fixture.page)).every((state) => state !== 'SPEAKING' && state !== 'ANALYZING' && state !== 'LLM'), {
      timeout: timeoutMs,
      interval: 250,
    })
    .toBe(true);
}

describe('demo app against the emulator', () => {
  it('starts a session: the connection pill says connected', async () => {
    await recordBadgeChanges(fixture.page);
    await startSession(fixture.page);
    expect(await fixture.page.getByTestId('chat-input').isEnabled()).toBe(true);
    expect(await fixture.page.getByTestId('session-id').getAttribute('data-session-id')).not.toBe('');
  }, 120_000);

  it('plays the avatar video at a real size, and its frames change while it speaks', async () => {
    await expect
      .poll(async () => (await sampleVideo(fixture.page, 1, 0)).playing, { timeout: 30_000, interval: 250 })
      .toBe(true);
    await fixture.page.getByTestId('say-input').fill('Hello! I am the avatar, and my lips move when I talk.');
    await fixture.page.getByTestId('say-button').click();
    await expect.poll(() => isBadgeActive(fixture.page, 'SPEAKING'), { timeout: 30_000, interval: 100 }).toBe(true);
    const sample = await sampleVideo(fixture.page, 8, 250);
    expect(sample.width).toBeGreaterThan(0);
    expect(sample.height).toBeGreaterThan(0);
    expect(sample.distinctFrames).toBeGreaterThan(1);
    await waitUntilSilent();
  }, 120_000);

  it('answers a typed question in the chat log while SPEAKING comes and goes', async () => {
    const before = (await badgeChanges(fixture.page, 'SPEAKING')).length;
    await ask('Hello, who are you?');
    const answer = await waitForAnswer(/who are you/i);
    expect(answer.trim()).not.toBe('');
    await waitUntilSilent();
    const speaking = (await badgeChanges(fixture.page, 'SPEAKING')).slice(before);
    expect(speaking.length).toBeGreaterThanOrEqual(2);
    expect(speaking[0]?.active).toBe(true);
    expect(speaking.at(-1)?.active).toBe(false);
    const messages = await chatMessages(fixture.page);
    expect(messages.at(-1)?.role).toBe('assistant');
  }, 120_000);

  it('runs the weather tool and shows its call and result', async () => {
    const calls = fixture.page.getByTestId('tool-call');
    const before = await calls.count();
    await ask('What is the weather in Paris?');
    await expect.poll(() => calls.count(), { timeout: 60_000, interval: 250 }).toBe(before + 1);
    const call = calls.nth(before);
    await expect.poll(() => call.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await call.getAttribute('data-tool-name')).toBe('get_weather');
    expect(await call.getByTestId('tool-call-args').textContent()).toMatch(/"location":"Paris/);
    expect(await call.getByTestId('tool-call-result').textContent()).toMatch(/"temperatureC":-?\d+/);
    const answer = await waitForAnswer(/weather in Paris/i);
    expect(answer).toMatch(/Paris/i);
    await waitUntilSilent();
  }, 120_000);

  it('stops the speech promptly on Interrupt', async () => {
    await fixture.page.getByTestId('say-input').fill(LONG_SPEECH);
    await fixture.page.getByTestId('say-button').click();
    await expect.poll(() => isBadgeActive(fixture.page, 'SPEAKING'), { timeout: 30_000, interval: 100 }).toBe(true);
    const clickedAt = await fixture.page.evaluate(() => performance.now());
    await fixture.page.getByTestId('interrupt-button').click();
    await expect.poll(() => isBadgeActive(fixture.page, 'SPEAKING'), { timeout: 5_000, interval: 50 }).toBe(false);
    const off = (await badgeChanges(fixture.page, 'SPEAKING')).filter((change) => !change.active && change.at >= clickedAt);
    expect(off.length).toBeGreaterThanOrEqual(1);
    // The announcement lasts well over ten seconds (plus the 2 s SPEAKING tail); it was cut, not finished.
    expect(off[0]!.at - clickedAt).toBeLessThan(5_000);
    expect(await isBadgeActive(fixture.page, 'SPEAKING')).toBe(false);
    await waitUntilSilent(10_000);
  }, 90_000);

  it.skipIf(!existsSync(POCKETSPHINX))('transcribes a question spoken into the fake microphone and answers it', async () => {
    // Lead silence, the question, then silence: the level meter shows the speech while recording.
    const levelShowsSpeech = async (): Promise<void> => {
      await expect
        .poll(async () => Number(await fixture.page.getByTestId('mic-level').getAttribute('data-peak')), { timeout: 15_000, interval: 100 })
        .toBeGreaterThan(0.3);
    };
    const turn = await speakThroughMicButton(fixture.page, SPOKEN_QUESTION, fixture.fakeMic.speechSec + 1.5, levelShowsSpeech);
    expect(turn.wordsHeard, `heard "${turn.question.text}"`).toBeGreaterThanOrEqual(4);
    expect(turn.answer.text.trim()).not.toBe('');
    const mic = fixture.page.getByTestId('mic-button');
    expect(await mic.getAttribute('data-state')).toBe('idle');
    await waitUntilSilent();
  }, 150_000);

  it('looks finished at laptop and phone sizes (screenshots in test-artifacts/)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await fixture.page.screenshot({ path: join(ARTIFACTS, 'demo-desktop.png') });
    await fixture.page.setViewportSize({ width: 375, height: 812 });
    expect(await fixture.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await fixture.page.screenshot({ path: join(ARTIFACTS, 'demo-phone.png') });
    await fixture.page.screenshot({ path: join(ARTIFACTS, 'demo-phone-full.png'), fullPage: true });
    await fixture.page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('stops: the connection closes, the peer and video are released and the emulator terminates the session', async () => {
    const sessionId = (await fixture.page.getByTestId('session-id').getAttribute('data-session-id')) ?? '';
    expect(sessionId).not.toBe('');
    expect(await peerStates()).toContain('stable');
    await fixture.page.getByTestId('stop-button').click();
    await expect.poll(() => connectionState(fixture.page), { timeout: 30_000 }).toBe('closed');
    expect(await fixture.page.evaluate(() => (document.getElementById('avatar-video') as HTMLVideoElement).srcObject)).toBeNull();
    expect(await fixture.page.getByTestId('chat-input').isDisabled()).toBe(true);
    await expect
      .poll(async () => (await getSessionInfo({ sessionId, apiServer: fixture.emulator.url })).status, { timeout: 30_000, interval: 250 })
      .toBe('TERMINATED');
    expect((await getSessionInfo({ sessionId, apiServer: fixture.emulator.url })).termination_reason).toBe('GRACEFUL_TERMINATION');
    await expect.poll(() => peerStates(), { timeout: 10_000, interval: 100 }).toEqual(expect.arrayContaining(['closed']));
    expect((await peerStates()).every((state) => state === 'closed')).toBe(true);
    // The emulator stopped rendering for it: no more frames go out.
    const framesAfterStop = fixture.emulator.sessions.peerStats(sessionId)?.framesSent ?? 0;
    await fixture.page.waitForTimeout(1_000);
    expect(fixture.emulator.sessions.peerStats(sessionId)?.framesSent ?? 0).toBe(framesAfterStop);
    const banner = fixture.page.getByTestId('error-banner');
    expect(await banner.isHidden(), `error banner: ${await fixture.page.getByTestId('error-message').textContent()}`).toBe(true);
  }, 60_000);
});
