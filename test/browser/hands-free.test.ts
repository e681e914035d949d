/**
 * Hands-free conversation through the real path: Chromium's fake microphone
 * plays sentences spoken by the emulator's TTS; the SDK (the IIFE a page
 * loads) listens with its built-in detector, transcribes each utterance with
 * the emulator's STT and answers it with a spoken turn, with no button pressed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { newSessionId } from '../e2e/harness.js';
import { launchChromium } from './support/chromium.js';
import { chatMessages, startSession } from './support/demo-page.js';
import { requireBuilt } from './support/dist.js';
import { synthesizeFakeMicScript, type FakeMicPart } from './support/fake-mic.js';
import { collectPageErrors } from './support/page-errors.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const PAGE_PATH = '/hands-free-test';
const LONG_TEXT =
  'This is a long announcement that goes on and on, so that there is plenty of time to interrupt it. ' +
  'It talks about nothing in particular, sentence after sentence, until somebody speaks over it and it stops.';

/** The page: the IIFE, a video element, and what the test reads back. */
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<video id="avatar" autoplay playsinline></video>
<script>
  // Counts the microphones the page opens.
  window.microphonesOpened = 0;
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    if (constraints && constraints.audio) window.microphonesOpened += 1;
    return getUserMedia(constraints);
  };
</script>
<script src="/sdk/perso-interactive.iife.js"></script>
<script>
  window.log = [];
  window.chatLog = [];
  window.utterancesStarted = 0;
  // The server's stf messages (the avatar starts an utterance), as the session chart receives them.
  const inspect = (event) => {
    if (event.type === '@xstate.event' && event.event.type === 'SERVER.MESSAGE' && event.event.message.type === 'stf' && event.actorRef === window.session?.actor) window.utterancesStarted += 1;
  };
  window.openSession = async (apiServer, sessionId, handsFree) => {
    const session = await PersoInteractive.createSession({ apiServer, sessionId, width: 320, height: 240, clientTools: [], handsFree, inspect });
    window.session = session;
    session.setSrc(document.getElementById('avatar'));
    session.subscribeChatLog((log) => { window.chatLog = log.map((entry) => ({ text: entry.text, isUser: entry.isUser, interrupted: entry.interrupted === true })); });
    session.subscribeChatStates((states) => window.log.push({ name: 'states', at: performance.now(), payload: [...states] }));
    for (const name of ['speech-start', 'speech-end', 'transcript', 'barge-in']) {
      session.on(name, (payload) => window.log.push({ name, at: performance.now(), payload }));
    }
    session.setErrorHandler((error) => window.log.push({ name: 'error', at: performance.now(), payload: String(error) }));
  };
  /** Start times of every stretch of 300 ms in which the avatar's audio, as received here, is silent. */
  window.watchAvatarAudio = () => {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(new MediaStream(window.session.getRemoteStream().getAudioTracks())).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    window.audio = { loud: [], silentFrom: [] };
    let quietSince = null;
    setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
      const now = performance.now();
      if (rms > 0.01) {
        window.audio.loud.push(now);
        quietSince = null;
      } else {
        quietSince ??= now;
        if (now - quietSince >= 300 && window.audio.silentFrom.at(-1) !== quietSince) window.audio.silentFrom.push(quietSince);
      }
    }, 10);
  };
</script>`;

interface LogEntry {
  name: string;
  at: number;
  payload: unknown;
}

let emulator: Emulator;

beforeAll(async () => {
  requireBuilt('client/index.iife.js');
  emulator = await startEmulator({ port: 0 });
  emulator.server.registerRoute({ method: 'GET', path: PAGE_PATH, handler: ({ res }) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE) });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

async function withMicrophone(parts: FakeMicPart[], run: (page: Page, sessionId: string) => Promise<void>, onTestPage = true): Promise<void> {
  const mic = await synthesizeFakeMicScript({ apiServer: emulator.url, apiKey: emulator.apiKey }, parts);
  const browser = await launchChromium({ fakeMicWav: mic.path });
  try {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    if (onTestPage) await page.goto(`${emulator.url}${PAGE_PATH}`);
    await run(page, await newSessionId(emulator));
    expect(errors.unexpected()).toEqual([]);
  } finally {
    await browser.close();
    mic.remove();
  }
}

const open = (page: Page, sessionId: string, handsFree: unknown) =>
  page.evaluate(([apiServer, id, options]) => (window as unknown as { openSession(a: unknown, b: unknown, c: unknown): Promise<void> }).openSession(apiServer, id, options), [emulator.url, sessionId, handsFree] as const);
const logOf = (page: Page): Promise<LogEntry[]> => page.evaluate(() => (window as unknown as { log: LogEntry[] }).log);
const chatLogOf = (page: Page) => page.evaluate(() => (window as unknown as { chatLog: Array<{ text: string; isUser: boolean; interrupted: boolean }> }).chatLog);

function shareOfWords(said: string, heard: string): number {
  const words = new Set(heard.toLowerCase().split(/\W+/));
  const expected = said.toLowerCase().split(/\W+/).filter(Boolean);
  return expected.filter((word) => words.has(word)).length / expected.length;
}

describe('hands-free conversation in Chromium', () => {
  it('two spoken questions become two automatic turns, two user messages and two spoken answers', async () => {
    await withMicrophone([{ silenceSec: 1 }, { say: 'What is the weather in Paris?' }, { silenceSec: 2 }, { say: 'Tell me a joke.' }, { silenceSec: 8 }], async (page, sessionId) => {
      // bargeIn off: the second question may come while the first answer is still spoken, and both must be heard out.
      await open(page, sessionId, { bargeIn: false });
      await expect.poll(async () => (await chatLogOf(page)).filter((entry) => !entry.isUser).length, { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(2);
      const users = (await chatLogOf(page)).filter((entry) => entry.isUser).reverse();
      expect(users).toHaveLength(2);
      expect(shareOfWords('what is the weather in paris', users[0]!.text)).toBeGreaterThanOrEqual(0.5);
      expect(shareOfWords('tell me a joke', users[1]!.text)).toBeGreaterThanOrEqual(0.5);
      // Both answers were spoken: the avatar started at least one utterance (stf) for each.
      await expect.poll(() => page.evaluate(() => (window as unknown as { utterancesStarted: number }).utterancesStarted), { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(2);
      const log = await logOf(page);
      expect(log.filter((entry) => entry.name === 'speech-start')).toHaveLength(2);
      expect(log.filter((entry) => entry.name === 'error')).toEqual([]);
    });
  }, 240_000);

  it('speaking over the avatar interrupts it: its audio stops soon after speech start (target 500 ms; the bound here is 1.5 s)', async () => {
    await withMicrophone([{ silenceSec: 7 }, { say: 'Stop, I have a question.' }, { silenceSec: 4 }], async (page, sessionId) => {
      await open(page, sessionId, true);
      await page.evaluate((text) => {
        const session = (window as unknown as { session: { processTTSTF(t: string): void } }).session;
        (window as unknown as { watchAvatarAudio(): void }).watchAvatarAudio();
        session.processTTSTF(text);
      }, LONG_TEXT);
      await expect.poll(async () => (await logOf(page)).some((entry) => entry.name === 'barge-in'), { timeout: 60_000, interval: 250 }).toBe(true);
      await page.waitForTimeout(1500);
      const log = await logOf(page);
      const speechStart = log.find((entry) => entry.name === 'speech-start')!.at;
      const audio = await page.evaluate(() => (window as unknown as { audio: { loud: number[]; silentFrom: number[] } }).audio);
      expect(audio.loud.some((at) => at < speechStart), 'the avatar was speaking when the user spoke').toBe(true);
      const silentAt = audio.silentFrom.find((at) => at >= speechStart - 300 && !audio.loud.some((loud) => loud > at && loud < at + 1000));
      expect(silentAt, 'the avatar fell silent').toBeDefined();
      const latency = Math.max(0, silentAt! - speechStart);
      // Where the avatar's voice is made: the emulator notes the first silent frame after the clear-buffer (epoch ms,
      // the page's clock is performance.timeOrigin + now on the same machine).
      const serverSilences = emulator.sessions.peerStats(sessionId)?.clearSilences ?? [];
      expect(serverSilences, 'the emulator fell silent after a clear-buffer').toHaveLength(1);
      const timeOrigin = await page.evaluate(() => performance.timeOrigin);
      const serverLatency = serverSilences[0]!.silentAt - (timeOrigin + speechStart);
      console.log(`barge-in: server silent ${serverLatency.toFixed(0)} ms, avatar silent in the page ${latency.toFixed(0)} ms after speech-start`);
      expect(serverLatency).toBeLessThan(1500);
      // The 500 ms target is a figure to report, not to assert on a shared machine (754 ms was seen at load 20 on
      // 2 cores); the bound says the barge-in stopped the avatar, long before its text would have ended.
      expect(latency).toBeLessThan(1500);
    });
  }, 180_000);

  it('in the demo, the Hands-free switch is the only control: a spoken question is shown as the user\'s message and answered', async () => {
    await withMicrophone([{ silenceSec: 1 }, { say: 'What is the weather in Paris?' }, { silenceSec: 8 }], async (page) => {
      await page.goto(`${emulator.url}/`);
      await startSession(page);
      await page.getByTestId('hands-free-toggle').check();
      await expect.poll(async () => page.getByTestId('hands-free-indicator').getAttribute('data-speaker'), { timeout: 30_000 }).not.toBe('starting');
      await expect.poll(async () => (await chatMessages(page)).filter((m) => m.role === 'assistant').length, { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(1);
      const user = (await chatMessages(page)).find((m) => m.role === 'user');
      expect(shareOfWords('what is the weather in paris', user!.text)).toBeGreaterThanOrEqual(0.5);
    }, false);
  }, 180_000);

  it('low white noise starts no turn', async () => {
    await withMicrophone([{ noiseSec: 14, amplitude: 0.01 }], async (page, sessionId) => {
      await open(page, sessionId, true);
      await page.waitForTimeout(9000);
      const log = await logOf(page);
      expect(log.filter((entry) => entry.name === 'speech-start' || entry.name === 'transcript')).toEqual([]);
      expect(await chatLogOf(page)).toEqual([]);
    });
  }, 120_000);

  it('one microphone: while listening, startProcessSTT() is refused with MicrophoneBusyError (no second microphone), and the other way round', async () => {
    await withMicrophone([{ silenceSec: 8 }], async (page, sessionId) => {
      await open(page, sessionId, true);
      type Page = { session: { getListeningState(): string }; microphonesOpened: number };
      await expect.poll(() => page.evaluate(() => (window as unknown as Page).session.getListeningState()), { timeout: 30_000 }).toBe('listening');
      const result = await page.evaluate(async () => {
        type Refusal = { name: string; heldBy: string; isClass?: boolean };
        const w = window as unknown as {
          microphonesOpened: number;
          PersoInteractive: { MicrophoneBusyError: new (...args: never[]) => Error };
          session: { startProcessSTT(): Promise<void>; stopProcessSTT(): Promise<string>; startListening(): Promise<void>; stopListening(): void };
        };
        const { session } = w;
        const refusal = async (call: () => Promise<unknown>): Promise<Refusal | null> => {
          try {
            await call();
            return null;
          } catch (error) {
            const e = error as Error & { heldBy: string };
            return { name: e.name, heldBy: e.heldBy, isClass: e instanceof w.PersoInteractive.MicrophoneBusyError };
          }
        };
        const listening = w.microphonesOpened;
        const recordWhileListening = await refusal(() => session.startProcessSTT());
        const afterRefusal = w.microphonesOpened;
        session.stopListening();
        await session.startProcessSTT();
        const listenWhileRecording = await refusal(() => session.startListening());
        await session.stopProcessSTT().catch(() => undefined);
        return { listening, recordWhileListening, afterRefusal, listenWhileRecording };
      });
      expect(result.listening).toBe(1);
      expect(result.recordWhileListening).toEqual({ name: 'MicrophoneBusyError', heldBy: 'listening', isClass: true });
      expect(result.afterRefusal).toBe(1);
      expect(result.listenWhileRecording).toEqual({ name: 'MicrophoneBusyError', heldBy: 'recording', isClass: true });
    });
  }, 120_000);
});
