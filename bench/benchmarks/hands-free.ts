/**
 * Hands-free conversation in Chromium, through the real path: the fake
 * microphone plays a question spoken by the emulator's TTS, the SDK's IIFE
 * listens with its built-in detector, transcribes with the emulator's STT and
 * answers with a spoken turn. Measured on the page's clock:
 * - end of the user's speech (where the voice ends in the file, placed on the
 *   page's clock by bench/lib/mic-tap.ts) → first `ttstf` sent → first `stf`;
 * - barge-in: the avatar reads a long text, the microphone speaks over it;
 *   the `speech-start` event → the emulator's first silent audio frame (its
 *   peer stats note it, on the same epoch clock as the page's).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { FIRST_SOUND_LEVEL, synthesizeFakeMicScript, type FakeMicScript } from '../../test/browser/support/fake-mic.js';
import { openEmulatorPage } from '../lib/emulator-page.js';
import { startEmulatorProcess, type EmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark, type BenchmarkContext } from '../lib/main.js';
import { fileTimeOnPage, installMicTap, type MicTap } from '../lib/mic-tap.js';
import { below, seriesFigure, type Figure } from '../lib/result.js';
import { sessionFactory } from '../lib/sessions.js';

const QUESTION = 'What is the weather in Paris?';
/** The first-speech benchmark's answer and token pacing, so "transcript → ttstf" compares with its "processChat → ttstf". */
const ANSWER = 'Busan is a port city in Korea. It is famous for its beaches and its seafood. Many people visit it every summer.';
const TOKENS = ANSWER.split(/(?= )/);
const PACE_MS = Math.round(1000 / (TOKENS.length - 1));
const LONG_TEXT =
  'This is a long announcement that goes on and on, so that there is plenty of time to interrupt it. ' +
  'It talks about nothing in particular, sentence after sentence, until somebody speaks over it and it stops.';
const PAGE_PATH = '/__bench/hands-free.html';
const BARGE_IN_TARGET_MS = 500;

interface Mark {
  name: string;
  at: number;
  payload?: unknown;
}

/** Runs in the page before the SDK: notes every message on the `message` channel, both ways. */
function observeMessageChannel(): void {
  const page = window as unknown as { __marks: Mark[] };
  page.__marks = [];
  const mark = (name: string, payload?: unknown): void => void page.__marks.push({ name, at: performance.now(), payload });
  const typeOf = (data: unknown): string => {
    try {
      return String((JSON.parse(String(data)) as { type?: unknown }).type);
    } catch {
      return 'unparsed';
    }
  };
  const send = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: never) {
    if (this.label === 'message') mark(`sent:${typeOf(data)}`);
    return send.call(this, data);
  } as typeof send;
  const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, label: string, init?: RTCDataChannelInit) {
    const channel = createDataChannel.call(this, label, init);
    if (label === 'message') channel.addEventListener('message', (event) => mark(`received:${typeOf(event.data)}`));
    return channel;
  };
}

/** The page: the IIFE, and a session whose hands-free events are marked. */
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/sdk/perso-interactive.iife.js"></script>
<script>
  window.openSession = async (apiServer, sessionId) => {
    const session = await PersoInteractive.createSession({ apiServer, sessionId, width: 320, height: 240, clientTools: [] });
    window.session = session;
    for (const name of ['speech-start', 'speech-end', 'transcript', 'barge-in']) {
      session.on(name, (payload) => window.__marks.push({ name, at: performance.now(), payload }));
    }
    session.setErrorHandler((error) => window.__marks.push({ name: 'error', at: performance.now(), payload: String(error) }));
  };
</script>`;

interface PageState {
  marks: Mark[];
  taps: MicTap[];
  timeOrigin: number;
}

const pageState = (page: Page): Promise<PageState> =>
  page.evaluate(() => {
    const w = window as unknown as { __marks: Mark[]; __micTaps: MicTap[] };
    return { marks: w.__marks, taps: w.__micTaps, timeOrigin: performance.timeOrigin };
  });

/** The first mark named `name` from index `from` at or after `after` (page ms). */
function find(marks: Mark[], from: number, name: string, after = -Infinity): Mark | undefined {
  return marks.slice(from).find((mark) => mark.name === name && mark.at >= after);
}

/** Polls the page until `read` answers; an error the page reported since mark `from` ends the wait. */
async function waitFor<T>(page: Page, from: number, read: (state: PageState) => T | undefined, timeoutMs: number, what: string): Promise<{ value: T; state: PageState }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await pageState(page);
    const value = read(state);
    if (value !== undefined) return { value, state };
    const error = find(state.marks, from, 'error');
    if (error) throw new Error(`the page reported an error while waiting for ${what}: ${String(error.payload)}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

interface TurnSample {
  /** The user's voice starts (file) → `speech-start`, ms. */
  voiceToSpeechStart: number;
  /** From the end of the voice in the file, ms. */
  toSpeechEnd: number;
  toTranscript: number;
  toTtstf: number;
  toStf: number;
  transcript: string;
}

async function measureTurn(page: Page, mic: FakeMicScript): Promise<TurnSample> {
  const from = (await pageState(page)).marks.length;
  await page.evaluate(() => (window as unknown as { session: { startListening(o: object): Promise<void> } }).session.startListening({ bargeIn: false }));
  const { state } = await waitFor(
    page,
    from,
    (s) => {
      const end = find(s.marks, from, 'speech-end');
      const ttstf = end && find(s.marks, from, 'sent:ttstf', end.at);
      return ttstf && find(s.marks, from, 'received:stf', ttstf.at);
    },
    30_000,
    'spoken answer',
  );
  const end = find(state.marks, from, 'speech-end')!;
  const transcript = find(state.marks, from, 'transcript', end.at);
  const ttstf = find(state.marks, from, 'sent:ttstf', end.at)!;
  const stf = find(state.marks, from, 'received:stf', ttstf.at)!;
  const voiceEnd = fileTimeOnPage(state.taps.at(-1)!, mic.firstSoundSec, mic.spoken[0]!.voicedEndSec);
  const voiceStart = fileTimeOnPage(state.taps.at(-1)!, mic.firstSoundSec, mic.spoken[0]!.voicedStartSec);
  const speechStart = find(state.marks, from, 'speech-start')!;
  await page.evaluate(() => {
    const session = (window as unknown as { session: { clearBuffer(): void; stopListening(): void } }).session;
    session.stopListening();
    session.clearBuffer();
  });
  return {
    voiceToSpeechStart: speechStart.at - voiceStart,
    toSpeechEnd: end.at - voiceEnd,
    toTranscript: (transcript?.at ?? NaN) - voiceEnd,
    toTtstf: ttstf.at - voiceEnd,
    toStf: stf.at - voiceEnd,
    transcript: String((transcript?.payload as { text?: unknown } | undefined)?.text ?? ''),
  };
}

/** The same answer to a typed question in the same page: what the voice turn's `transcript` → `ttstf` compares with. */
async function measureTypedTurn(page: Page): Promise<number> {
  const from = (await pageState(page)).marks.length;
  const startedAt = await page.evaluate((question) => {
    const session = (window as unknown as { session: { processChat(q: string): Promise<void> } }).session;
    const at = performance.now();
    void session.processChat(question);
    return at;
  }, QUESTION);
  const { value: ttstf } = await waitFor(page, from, (s) => find(s.marks, from, 'sent:ttstf', startedAt), 30_000, 'typed answer');
  await page.evaluate(() => (window as unknown as { session: { clearBuffer(): void } }).session.clearBuffer());
  return ttstf.at - startedAt;
}

interface BargeInSample {
  /** The user's voice starts (file) → the detector's `speech-start`, ms. */
  voiceToSpeechStart: number;
  /** `speech-start` → `clear-buffer` sent by the SDK. */
  speechStartToClearSent: number;
  /** `clear-buffer` sent (page) → received by the emulator: the data channel (and a check that both clocks agree). */
  clearSentToReceived: number;
  /** Received → the emulator's first silent frame. */
  receivedToSilent: number;
  /** `speech-start` → the emulator's first silent frame: the barge-in latency. */
  speechStartToSilent: number;
  /** The user's voice starts → silent: what the user lives. */
  voiceToSilent: number;
}

interface PeerStats {
  clearSilences?: Array<{ receivedAt: number; silentAt: number }>;
}

async function serverSilences(emulator: EmulatorProcess, sessionId: string): Promise<Array<{ receivedAt: number; silentAt: number }>> {
  const response = await fetch(`${emulator.url}/_emulator/sessions/${sessionId}`, { headers: { 'PersoLive-APIKey': emulator.apiKey } });
  if (!response.ok) throw new Error(`GET /_emulator/sessions/${sessionId}: HTTP ${response.status}`);
  return ((await response.json()) as { peer: PeerStats | null }).peer?.clearSilences ?? [];
}

async function measureBargeIn(page: Page, mic: FakeMicScript, emulator: EmulatorProcess, sessionId: string): Promise<BargeInSample> {
  const from = (await pageState(page)).marks.length;
  const silencesBefore = (await serverSilences(emulator, sessionId)).length;
  await page.evaluate((text) => (window as unknown as { session: { processTTSTF(t: string): void } }).session.processTTSTF(text), LONG_TEXT);
  await waitFor(page, from, (s) => find(s.marks, from, 'received:stf'), 30_000, 'the avatar speaking');
  await sleep(500);
  await page.evaluate(() => (window as unknown as { session: { startListening(o: object): Promise<void> } }).session.startListening({ bargeIn: true }));
  const { state } = await waitFor(page, from, (s) => find(s.marks, from, 'barge-in') && find(s.marks, from, 'sent:clear-buffer'), 30_000, 'barge-in');
  const deadline = Date.now() + 10_000;
  let silences = await serverSilences(emulator, sessionId);
  while (silences.length <= silencesBefore) {
    if (Date.now() > deadline) throw new Error('the emulator noted no silence after the barge-in');
    await sleep(50);
    silences = await serverSilences(emulator, sessionId);
  }
  await page.evaluate(() => (window as unknown as { session: { stopListening(): void } }).session.stopListening());
  const silence = silences.at(-1)!;
  const epoch = (at: number): number => state.timeOrigin + at;
  const speechStart = find(state.marks, from, 'speech-start')!.at;
  const clearSent = find(state.marks, from, 'sent:clear-buffer')!.at;
  const voiceStart = fileTimeOnPage(state.taps.at(-1)!, mic.firstSoundSec, mic.spoken[0]!.voicedStartSec);
  return {
    voiceToSpeechStart: speechStart - voiceStart,
    speechStartToClearSent: clearSent - speechStart,
    clearSentToReceived: silence.receivedAt - epoch(clearSent),
    receivedToSilent: silence.silentAt - silence.receivedAt,
    speechStartToSilent: silence.silentAt - epoch(speechStart),
    voiceToSilent: silence.silentAt - epoch(voiceStart),
  };
}

/** Runs `measure` `count` times after `warmUp` discarded runs; a failed run is reported and skipped. */
async function repeat<T>(context: BenchmarkContext, what: string, warmUp: number, count: number, measure: () => Promise<T>, settle: () => Promise<void>): Promise<T[]> {
  const samples: T[] = [];
  for (let index = 0; index < warmUp + count; index += 1) {
    try {
      const sample = await measure();
      if (index >= warmUp) samples.push(sample);
    } catch (error) {
      context.error(`${what} ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await settle();
  }
  return samples;
}

await runBenchmark({
  name: 'hands-free',
  title: 'Hands-free in Chromium (fake microphone, built-in detector): end of speech → first `ttstf` / `stf`; barge-in `speech-start` → server silence',
  async run(context) {
    const count = context.reps(10, 3);
    const emulator = await startEmulatorProcess({ port: 0, llm: { pace: PACE_MS, upstream: null }, stt: { upstream: null }, staticDir: false });
    try {
      const rule = await fetch(`${emulator.url}/_emulator/llm/rules`, {
        method: 'POST',
        headers: { 'PersoLive-APIKey': emulator.apiKey, 'Content-Type': 'application/json' },
        // Whatever the recogniser heard, the same answer: the STT's accuracy must not change the LLM's timing.
        body: JSON.stringify({ regex: '.', reply: TOKENS }),
      });
      if (!rule.ok) throw new Error(`POST /_emulator/llm/rules: HTTP ${rule.status}`);
      const mic = await synthesizeFakeMicScript({ apiServer: emulator.url, apiKey: emulator.apiKey }, [{ silenceSec: 1 }, { say: QUESTION }, { silenceSec: 6 }]);
      const browser = await launchChromium({ fakeMicWav: mic.path });
      try {
        const { page, pageErrors } = await openEmulatorPage(browser.context, {
          origin: emulator.url,
          path: PAGE_PATH,
          html: PAGE,
          prepare: async (fresh) => {
            await fresh.addInitScript(observeMessageChannel);
            await fresh.addInitScript(installMicTap, FIRST_SOUND_LEVEL);
          },
        });
        const sessionId = await (await sessionFactory(emulator.url, emulator.apiKey)).newSessionId();
        await page.evaluate(([apiServer, id]) => (window as unknown as { openSession(a: string, b: string): Promise<void> }).openSession(apiServer!, id!), [emulator.url, sessionId]);

        const settle = (): Promise<void> => sleep(800);
        context.log(`${count} hands-free turns`);
        const turns = await repeat(context, 'turn', 1, count, () => measureTurn(page, mic), settle);
        context.log(`${count} typed turns`);
        const typed = await repeat(context, 'typed turn', 1, count, () => measureTypedTurn(page), settle);
        context.log(`${count} barge-ins`);
        const bargeIns = await repeat(context, 'barge-in', 1, count, () => measureBargeIn(page, mic, emulator, sessionId), settle);
        if (pageErrors.length > 0) context.error(`the page reported errors: ${pageErrors.join('; ')}`);

        const figures: Figure[] = [];
        if (turns.length > 0) {
          const series = (key: keyof Omit<TurnSample, 'transcript'>) => turns.map((turn) => turn[key]);
          figures.push(
            seriesFigure('turn.voiceToSpeechStart', 'user\'s voice starts → `speech-start` event', 'ms', series('voiceToSpeechStart'), { note: 'minSpeechMs 200 of proof', detail: true }),
            seriesFigure('turn.toTtstf', 'end of user speech → first `ttstf` sent', 'ms', series('toTtstf'), {
              note: 'includes the detector\'s silenceMs (700), STT and the LLM\'s first sentence (paced as in first-speech)',
            }),
            seriesFigure('turn.toStf', 'end of user speech → first `stf` (avatar speaks)', 'ms', series('toStf')),
            seriesFigure('turn.toSpeechEnd', 'end of user speech → `speech-end` event', 'ms', series('toSpeechEnd'), { note: 'silenceMs 700 of hangover' }),
            seriesFigure('turn.speechEndToTranscript', '`speech-end` → `transcript` (WAV, /stt/, PocketSphinx)', 'ms', turns.map((t) => t.toTranscript - t.toSpeechEnd)),
            seriesFigure('turn.transcriptToTtstf', '`transcript` → first `ttstf` (LLM first sentence)', 'ms', turns.map((t) => t.toTtstf - t.toTranscript)),
            ...(typed.length > 0
              ? [seriesFigure('typed.toTtstf', 'typed: processChat → first `ttstf` (same page, same answer)', 'ms', typed, { note: 'compare with `transcript` → first `ttstf`' })]
              : []),
            seriesFigure('turn.ttstfToStf', 'first `ttstf` → `stf` (emulator TTS + render)', 'ms', turns.map((t) => t.toStf - t.toTtstf), { detail: true }),
          );
        }
        if (bargeIns.length > 0) {
          const series = (key: keyof BargeInSample) => bargeIns.map((sample) => sample[key]);
          figures.push(
            seriesFigure('bargeIn.speechStartToSilent', 'barge-in: `speech-start` → server audio silent', 'ms', series('speechStartToSilent'), {
              target: below(BARGE_IN_TARGET_MS),
              note: 'emulator\'s first silent frame after clear-buffer (its peer stats), same epoch clock as the page',
            }),
            seriesFigure('bargeIn.voiceToSilent', 'barge-in: user\'s voice starts → server audio silent', 'ms', series('voiceToSilent'), {
              note: 'includes the detector\'s proof of speech while the avatar speaks (bargeInMinSpeechMs 300)',
            }),
            seriesFigure('bargeIn.voiceToSpeechStart', 'barge-in: user\'s voice starts → `speech-start`', 'ms', series('voiceToSpeechStart'), { detail: true }),
            seriesFigure('bargeIn.speechStartToClearSent', 'barge-in: `speech-start` → `clear-buffer` sent', 'ms', series('speechStartToClearSent'), { detail: true }),
            seriesFigure('bargeIn.clearSentToReceived', 'barge-in: `clear-buffer` sent → emulator received', 'ms', series('clearSentToReceived'), { detail: true }),
            seriesFigure('bargeIn.receivedToSilent', 'barge-in: emulator received → first silent frame', 'ms', series('receivedToSilent'), { detail: true }),
          );
        }
        return { figures, details: { turns, typedToTtstfMs: typed, bargeIns, question: QUESTION, voicedSec: [mic.spoken[0]!.voicedStartSec, mic.spoken[0]!.voicedEndSec], firstSoundSec: mic.firstSoundSec } };
      } finally {
        await browser.close();
        mic.remove();
      }
    } finally {
      await emulator.close();
    }
  },
});
