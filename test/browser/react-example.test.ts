/**
 * The React example (examples/react, rendered in <StrictMode> with React's
 * development build) in Chromium against a real emulator: one session per
 * mount, chat with a tool that reads fresh state, voice, interrupt, a new
 * session for a new key, Stop terminating the session on the emulator, and
 * twenty mounts leaving no peer connection open and no video element behind.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSessionInfo } from '../../src/server/index.js';
import { useChromiumPage } from './support/chromium-page.js';
import { ask, isBadgeActive, speakThroughMicButton, waitForAnswer } from './support/demo-page.js';
import { peerStates, trackPeerConnections } from './support/peer-tracker.js';

const POCKETSPHINX = '/usr/bin/pocketsphinx_continuous';
const SPOKEN_QUESTION = 'What is the weather in Paris';
const LONG_ANSWER = Array.from({ length: 12 }, (_, index) => `This is sentence number ${index + 1} of a long answer that takes a while to say.`).join(' ');

/** POST /api/session requests the page made. */
let sessionRequests = 0;

const fixture = useChromiumPage({
  built: ['examples/react/index.html', 'examples/react/app.iife.js', 'examples/react/styles.css'],
  emulator: { microphoneSays: { text: SPOKEN_QUESTION } },
  prepare: async (page) => {
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/session') sessionRequests++;
    });
    await page.addInitScript(trackPeerConnections);
  },
  open: '/examples/react',
});

beforeAll(() => {
  fixture.emulator.llm.addRule({ pattern: 'long answer', reply: LONG_ANSWER });
});

async function status(): Promise<string | null> {
  return (await fixture.page.getByTestId('status').count()) === 0 ? null : fixture.page.getByTestId('status').getAttribute('data-status');
}

async function waitForStatus(expected: string, timeoutMs = 60_000): Promise<void> {
  await expect.poll(status, { timeout: timeoutMs, interval: 100 }).toBe(expected);
}

async function currentSessionId(): Promise<string> {
  const id = (await fixture.page.getByTestId('session-id').getAttribute('data-session-id')) ?? '';
  expect(id).not.toBe('');
  return id;
}

async function waitForTerminated(sessionId: string): Promise<void> {
  await expect
    .poll(async () => (await getSessionInfo({ sessionId, apiServer: fixture.emulator.url })).status, { timeout: 30_000, interval: 250 })
    .toBe('TERMINATED');
}

async function waitForNoSession(): Promise<void> {
  await expect.poll(() => fixture.page.getByTestId('no-session').count(), { timeout: 10_000, interval: 50 }).toBe(1);
}

/** In the page: the session's status at the moment Stop is clicked. */
function stopAndReadStatus(): string {
  const status = document.querySelector('[data-testid="status"]')?.getAttribute('data-status') ?? 'none';
  (document.querySelector('[data-testid="stop-button"]') as HTMLButtonElement).click();
  return status;
}

/** In the page: Start, then Stop one task later (the session request is out, nothing can have connected yet). */
async function startThenStopAndReadStatus(): Promise<string> {
  (document.querySelector('[data-testid="start-button"]') as HTMLButtonElement).click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const status = document.querySelector('[data-testid="status"]')?.getAttribute('data-status') ?? 'none';
  (document.querySelector('[data-testid="stop-button"]') as HTMLButtonElement).click();
  return status;
}

async function videoElements(): Promise<number> {
  return fixture.page.evaluate(() => document.querySelectorAll('video').length);
}

async function waitUntilQuiet(): Promise<void> {
  await expect
    .poll(async () => !(await isBadgeActive(fixture.page, 'LLM')) && !(await isBadgeActive(fixture.page, 'SPEAKING')) && !(await isBadgeActive(fixture.page, 'ANALYZING')), {
      timeout: 60_000,
      interval: 250,
    })
    .toBe(true);
}

describe('React example against the emulator', () => {
  it('serves the page at /examples/react and starts exactly one session per mount under StrictMode', async () => {
    expect(fixture.page.url()).toBe(`${fixture.emulator.url}/examples/react/`);
    const before = fixture.emulator.sessions.list().length;
    await fixture.page.getByTestId('start-button').click();
    await waitForStatus('connected');
    expect(sessionRequests).toBe(1);
    expect(fixture.emulator.sessions.list().length - before).toBe(1);
    expect(await peerStates(fixture.page)).toEqual(['stable']);
    const info = fixture.emulator.sessions.get(await currentSessionId());
    expect(info?.status).toBe('IN_PROGRESS');
    await expect
      .poll(() => fixture.page.evaluate(() => !(document.querySelector('video') as HTMLVideoElement).paused), { timeout: 30_000, interval: 250 })
      .toBe(true);
  }, 120_000);

  it('answers a typed question in the chat log, running the weather tool with the unit picked on the page', async () => {
    await ask(fixture.page, 'What is the weather in Paris?');
    const answer = await waitForAnswer(fixture.page, /weather in Paris/i);
    expect(answer).toMatch(/Paris/i);
    const calls = fixture.page.getByTestId('tool-call');
    await expect.poll(() => calls.count(), { timeout: 10_000 }).toBe(1);
    expect(await calls.nth(0).textContent()).toMatch(/get_weather\(Paris\) → -?\d+°C/);
    await waitUntilQuiet();

    // The tool closes over the page's state: switching the unit needs no new session.
    await fixture.page.getByTestId('unit-select').selectOption('fahrenheit');
    await ask(fixture.page, 'What is the weather in Berlin?');
    await waitForAnswer(fixture.page, /weather in Berlin/i);
    await expect.poll(() => calls.count(), { timeout: 10_000 }).toBe(2);
    expect(await calls.nth(1).textContent()).toMatch(/get_weather\(Berlin\) → -?\d+°F/);
    expect(sessionRequests).toBe(1);
    await waitUntilQuiet();
  }, 150_000);

  it('stops the avatar on Interrupt (clearBuffer)', async () => {
    await ask(fixture.page, 'Please give me a long answer.');
    await expect.poll(() => isBadgeActive(fixture.page, 'SPEAKING'), { timeout: 30_000, interval: 100 }).toBe(true);
    await fixture.page.getByTestId('interrupt-button').click();
    // The answer takes far longer to say than this wait: it was cut, not finished.
    await expect.poll(() => isBadgeActive(fixture.page, 'SPEAKING'), { timeout: 5_000, interval: 50 }).toBe(false);
    expect(await isBadgeActive(fixture.page, 'LLM')).toBe(false);
    await waitUntilQuiet();
  }, 90_000);

  it.skipIf(!existsSync(POCKETSPHINX))('answers a question spoken into the microphone (startProcessSTT / stopProcessSTT)', async () => {
    const turn = await speakThroughMicButton(fixture.page, SPOKEN_QUESTION, fixture.fakeMic.speechSec + 2.5);
    expect(turn.wordsHeard, `heard "${turn.question.text}"`).toBeGreaterThanOrEqual(4);
    await waitUntilQuiet();
  }, 150_000);

  it('starts a new session for a new key after terminating the old one', async () => {
    const oldId = await currentSessionId();
    await fixture.page.getByTestId('new-session-button').click();
    await waitForTerminated(oldId);
    await waitForStatus('connected');
    const newId = await currentSessionId();
    expect(newId).not.toBe(oldId);
    expect(sessionRequests).toBe(2);
    expect(await videoElements()).toBe(1);
    const states = await peerStates(fixture.page);
    expect(states.slice(0, -1).every((state) => state === 'closed')).toBe(true);
    expect(states.at(-1)).toBe('stable');
  }, 120_000);

  it('unmounting on Stop terminates the session on the emulator and releases the peer and the video', async () => {
    const sessionId = await currentSessionId();
    const video = await fixture.page.evaluateHandle(() => document.querySelector('video') as HTMLVideoElement);
    await fixture.page.getByTestId('stop-button').click();
    await waitForNoSession();
    await waitForTerminated(sessionId);
    expect(await video.evaluate((element) => element.srcObject === null && !element.isConnected)).toBe(true);
    expect(await videoElements()).toBe(0);
    await expect.poll(() => peerStates(fixture.page), { timeout: 10_000, interval: 100 }).toEqual(['closed', 'closed']);
  }, 60_000);

  it('remounting twenty times (connected or mid-connect) leaves no RTCPeerConnection open and no video element behind', async () => {
    const firstNewPeer = (await peerStates(fixture.page)).length;
    const requestsBefore = sessionRequests;
    const stoppedWhile: string[] = [];
    for (let mount = 0; mount < 20; mount++) {
      // Every other mount is let go of mid-connect (Stop one task after Start, in the page), the rest once connected.
      if (mount % 2 === 0) {
        await fixture.page.getByTestId('start-button').click();
        await waitForStatus('connected');
        stoppedWhile.push(await fixture.page.evaluate(stopAndReadStatus));
      } else {
        stoppedWhile.push(await fixture.page.evaluate(startThenStopAndReadStatus));
      }
      await waitForNoSession();
    }
    expect(stoppedWhile.filter((state) => state === 'connected').length, stoppedWhile.join()).toBe(10);
    expect(stoppedWhile.filter((state) => state === 'connecting').length, stoppedWhile.join()).toBe(10);
    expect(sessionRequests - requestsBefore).toBe(20);
    await expect
      .poll(async () => (await peerStates(fixture.page)).slice(firstNewPeer).filter((state) => state !== 'closed'), { timeout: 30_000, interval: 250 })
      .toEqual([]);
    expect((await peerStates(fixture.page)).length - firstNewPeer).toBeGreaterThanOrEqual(10);
    expect(await videoElements()).toBe(0);
    await expect
      .poll(() => fixture.emulator.sessions.list().filter((session) => session.status === 'IN_PROGRESS' || session.status === 'EXCHANGED').map((session) => session.session_id), {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual([]);
  }, 300_000);
});
