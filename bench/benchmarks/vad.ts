/**
 * The two voice activity detectors on the same recordings, in Chromium: the
 * fake microphone plays one file (sentences spoken by the emulator's TTS —
 * clean, 20 dB quieter, over white noise — and noise alone); one
 * getUserMedia stream feeds the built-in energy detector and the Silero
 * adapter at once, so both hear exactly the same audio. Counted against where
 * the voice really is in the file (placed on the page's clock by
 * bench/lib/mic-tap.ts): false starts, missed starts, start and end-of-speech
 * delays; once more with Chromium's audio processing off. Then the listener worklet's cost on Chromium's realtime audio
 * thread, against a worklet that does nothing.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import wavefile from 'wavefile';
import type { BrowserContext, Page } from 'playwright-core';
import { VAD_ASSETS_PATH } from '../../emulator/vad-assets.js';
import { createEnergyDetector } from '../../src/audio/vad/energy-detector.js';
import { LISTENER_PROCESSOR_NAME, LISTENER_WORKLET_SOURCE } from '../../src/audio/vad/listener-worklet.js';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { FIRST_SOUND_LEVEL, synthesizeFakeMicScript, type FakeMicPart, type FakeMicScript } from '../../test/browser/support/fake-mic.js';
import { openEmulatorPage } from '../lib/emulator-page.js';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark, type BenchmarkContext } from '../lib/main.js';
import { fileTimeOnPage, installMicTap, type MicTap } from '../lib/mic-tap.js';
import { repoRoot } from '../lib/paths.js';
import { seriesFigure, valueFigure, type Figure } from '../lib/result.js';
import { cpuNsBetween, threadCpuNs } from '../lib/thread-cpu.js';

const DETECTORS = ['energy', 'silero'] as const;
type DetectorName = (typeof DETECTORS)[number];

const Q1 = 'What is the weather in Paris?';
const Q2 = 'Tell me a joke.';
const NOISE = 0.01;

/** The recording, in segments; the first silence gives Silero time to load before anything is said. */
const SEGMENTS: Array<{ name: string; parts: FakeMicPart[] }> = [
  { name: 'clean', parts: [{ silenceSec: 5 }, { say: Q1 }, { silenceSec: 2 }, { say: Q2 }, { silenceSec: 3 }] },
  { name: 'quiet', parts: [{ say: Q1, gainDb: -20 }, { silenceSec: 2 }, { say: Q2, gainDb: -20 }, { silenceSec: 3 }] },
  {
    name: 'in-noise',
    parts: [{ noiseSec: 2, amplitude: NOISE }, { say: Q1, noiseAmplitude: NOISE }, { noiseSec: 2, amplitude: NOISE }, { say: Q2, noiseAmplitude: NOISE }, { noiseSec: 3, amplitude: NOISE }],
  },
  // The file ends in noise; listening stops before its abrupt end.
  { name: 'noise-only', parts: [{ noiseSec: 10, amplitude: NOISE }] },
];
const STOP_BEFORE_END_SEC = 0.5;
/** A start this long before the voice, or up to this long after it ended, belongs to that sentence. */
const MATCH_BEFORE_SEC = 0.2;
const MATCH_AFTER_SEC = 0.5;

const PAGE_PATH = '/__bench/vad.html';
const PAGE_ENTRY = `
import { energyVad, microphoneConstraints } from './src/audio/vad/voice-listener.ts';
import { sileroVad } from './vad-silero/index.ts';
window.listenBoth = async (processing) => {
  const audio = processing ? microphoneConstraints() : { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
  const stream = await navigator.mediaDevices.getUserMedia({ audio });
  const heard = { energy: [], silero: [] };
  window.heard = heard;
  const detectors = {
    energy: energyVad({ mediaStream: stream }),
    silero: sileroVad({ baseAssetPath: '${VAD_ASSETS_PATH}', onnxWASMBasePath: '${VAD_ASSETS_PATH}', mediaStream: stream }),
  };
  await Promise.all(Object.entries(detectors).map(([name, vad]) => vad.start({
    onSpeechStart: () => heard[name].push({ type: 'speech-start', at: performance.now() }),
    onMisfire: () => heard[name].push({ type: 'misfire', at: performance.now() }),
    onSpeechEnd: () => heard[name].push({ type: 'speech-end', at: performance.now() }),
  })));
  window.stopBoth = () => {
    for (const vad of Object.values(detectors)) vad.stop();
    stream.getTracks().forEach((track) => track.stop());
  };
  return performance.now();
};
`;

interface Heard {
  type: 'speech-start' | 'speech-end' | 'misfire';
  at: number;
}

interface Sentence {
  segment: string;
  text: string;
  startSec: number;
  endSec: number;
}

interface Score {
  segment: string;
  falseStarts: number;
  missedStarts: number;
  /** Further starts inside a sentence already started: one utterance heard as two. */
  splits: number;
  startDelaysMs: number[];
  endDelaysMs: number[];
}

/** Where each segment begins and ends in the file, walking its parts. */
function segmentSpans(mic: FakeMicScript): Array<{ name: string; startSec: number; endSec: number }> {
  const spans: Array<{ name: string; startSec: number; endSec: number }> = [];
  let at = 0;
  let said = 0;
  for (const segment of SEGMENTS) {
    const startSec = at;
    for (const part of segment.parts) {
      if ('say' in part) at = mic.spoken[said++]!.endSec;
      else at += 'silenceSec' in part ? part.silenceSec : part.noiseSec;
    }
    spans.push({ name: segment.name, startSec, endSec: at });
  }
  return spans;
}

function sentencesOf(mic: FakeMicScript): Sentence[] {
  const spans = segmentSpans(mic);
  return mic.spoken.map((spoken) => ({
    segment: spans.find((span) => spoken.startSec >= span.startSec && spoken.startSec < span.endSec)!.name,
    text: spoken.text,
    startSec: spoken.voicedStartSec,
    endSec: spoken.voicedEndSec,
  }));
}

/** One detector's events of one pass, against the sentences, by segment. */
function score(events: Heard[], toFileSec: (at: number) => number, mic: FakeMicScript): Score[] {
  const sentences = sentencesOf(mic);
  const scores = new Map(segmentSpans(mic).map((span) => [span.name, { segment: span.name, falseStarts: 0, missedStarts: 0, splits: 0, startDelaysMs: [], endDelaysMs: [] } as Score]));
  const spans = segmentSpans(mic);
  const started = new Set<Sentence>();
  const timed = events.map((event) => ({ ...event, sec: toFileSec(event.at) }));
  for (const [index, event] of timed.entries()) {
    if (event.type !== 'speech-start') continue;
    const sentence = sentences.find((s) => event.sec >= s.startSec - MATCH_BEFORE_SEC && event.sec <= s.endSec + MATCH_AFTER_SEC);
    const segment = sentence?.segment ?? spans.find((span) => event.sec >= span.startSec && event.sec < span.endSec)?.name ?? spans.at(-1)!.name;
    const entry = scores.get(segment)!;
    if (!sentence) {
      entry.falseStarts += 1;
      continue;
    }
    if (started.has(sentence)) {
      entry.splits += 1;
      continue;
    }
    started.add(sentence);
    entry.startDelaysMs.push((event.sec - sentence.startSec) * 1000);
    const end = timed.slice(index + 1).find((next) => next.type === 'speech-end');
    if (end) entry.endDelaysMs.push((end.sec - sentence.endSec) * 1000);
  }
  for (const sentence of sentences) if (!started.has(sentence)) scores.get(sentence.segment)!.missedStarts += 1;
  return [...scores.values()];
}

/**
 * The energy detector on the file's own samples, in Node, with no browser in between: what the algorithm
 * itself takes, apart from Chromium's capture and audio processing (echo canceller, noise suppressor, gain control).
 */
function energyOnRawFile(mic: FakeMicScript): Score[] {
  const wav = new wavefile.WaveFile(readFileSync(mic.path));
  const sampleRate = (wav.fmt as { sampleRate: number }).sampleRate;
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  const detector = createEnergyDetector();
  const frame = Math.round(sampleRate * 0.02);
  const events: Heard[] = [];
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let squares = 0;
    for (let i = at; i < at + frame; i++) squares += (samples[i]! / 32768) ** 2;
    const event = detector.push(Math.sqrt(squares / frame), (frame / sampleRate) * 1000);
    if (event && event.type !== 'onset') events.push({ type: event.type, at: ((at + frame) / sampleRate) * 1000 });
  }
  return score(events, (at) => at / 1000, mic);
}

async function pageBundle(): Promise<string> {
  const bundle = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: repoRoot, loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    logLevel: 'error',
  });
  return `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">${bundle.outputFiles[0]!.text.replace(/<\/script/g, '<\\/script')}</script>`;
}

/** One pass over the whole file with both detectors; its events by detector, with the tap that anchors them. */
async function listenOnce(page: Page, mic: FakeMicScript, processing: boolean): Promise<{ heard: Record<DetectorName, Heard[]>; tap: MicTap; readyAt: number }> {
  const readyAt = await page.evaluate((on) => (window as unknown as { listenBoth(processing: boolean): Promise<number> }).listenBoth(on), processing);
  let state: { heard: Record<DetectorName, Heard[]>; taps: MicTap[] };
  for (;;) {
    state = await page.evaluate(() => {
      const w = window as unknown as { heard: Record<DetectorName, Heard[]>; __micTaps: MicTap[] };
      return { heard: w.heard, taps: w.__micTaps };
    });
    const tap = state.taps.at(-1);
    if (tap?.firstSoundAt != null) {
      const stopAt = fileTimeOnPage(tap, mic.firstSoundSec, mic.totalSec - STOP_BEFORE_END_SEC);
      const now = await page.evaluate(() => performance.now());
      if (now >= stopAt) break;
      await sleep(Math.min(1000, stopAt - now));
    } else {
      await sleep(100);
    }
  }
  await page.evaluate(() => (window as unknown as { stopBoth(): void }).stopBoth());
  return { heard: state.heard, tap: state.taps.at(-1)!, readyAt };
}

/**
 * `processing`: the microphone as hands-free opens it (echo cancellation, noise suppression, gain control);
 * without, the raw capture, to tell the detectors' own delays from Chromium's processing.
 */
async function compare(context: BenchmarkContext, browser: BrowserContext, apiServer: string, mic: FakeMicScript, passes: number, processing: boolean) {
  const html = await pageBundle();
  const { page, pageErrors } = await openEmulatorPage(browser, { origin: apiServer, path: PAGE_PATH, html, prepare: (fresh) => fresh.addInitScript(installMicTap, FIRST_SOUND_LEVEL) });
  await page.waitForFunction(() => typeof (window as unknown as { listenBoth?: unknown }).listenBoth === 'function');
  const scores: Record<DetectorName, Score[][]> = { energy: [], silero: [] };
  for (let pass = 0; pass < passes; pass += 1) {
    context.log(`VAD pass ${pass + 1}/${passes} (${mic.totalSec.toFixed(0)} s of audio, processing ${processing ? 'on' : 'off'})`);
    const { heard, tap, readyAt } = await listenOnce(page, mic, processing);
    const toFileSec = (at: number): number => mic.firstSoundSec + (at - tap.firstSoundAt!) / 1000;
    if (toFileSec(readyAt) > mic.spoken[0]!.voicedStartSec) {
      context.error(`pass ${pass + 1}: the detectors were ready only ${toFileSec(readyAt).toFixed(2)} s into the file, after the first sentence began; pass dropped`);
      continue;
    }
    for (const name of DETECTORS) scores[name].push(score(heard[name], toFileSec, mic));
    await sleep(500);
  }
  // onnxruntime warns on the console about unused initialisers; a page error is something else.
  if (pageErrors.length > 0) context.error(`the VAD page reported errors: ${pageErrors.join('; ')}`);
  await page.close();
  return scores;
}

/** Without the audio processing, only the delays, as detail figures (`unprocessed.*`). */
function unprocessedFigures(scores: Record<DetectorName, Score[][]>): Figure[] {
  return DETECTORS.flatMap((name) => {
    const all = scores[name].flat();
    const starts = all.flatMap((s) => s.startDelaysMs);
    const ends = all.flatMap((s) => s.endDelaysMs);
    const label = (what: string): string => `${name}, audio processing off: ${what}`;
    return [
      valueFigure(`unprocessed.${name}.falseStarts`, label('false starts'), 'count', all.reduce((total, s) => total + s.falseStarts, 0), { detail: true }),
      ...(starts.length > 0 ? [seriesFigure(`unprocessed.${name}.startDelay`, label('voice starts → speech-start'), 'ms', starts)] : []),
      ...(ends.length > 0 ? [seriesFigure(`unprocessed.${name}.endDelay`, label('end of voice → speech-end'), 'ms', ends)] : []),
    ];
  });
}

function comparisonFigures(scores: Record<DetectorName, Score[][]>, mic: FakeMicScript): { figures: Figure[]; bySegment: unknown } {
  const figures: Figure[] = [];
  const bySegment: Record<string, unknown> = {};
  const passes = scores.energy.length;
  const sentences = sentencesOf(mic);
  for (const name of DETECTORS) {
    const all = scores[name].flat();
    const sum = (key: 'falseStarts' | 'missedStarts' | 'splits', segment?: string) =>
      all.filter((s) => segment === undefined || s.segment === segment).reduce((total, s) => total + s[key], 0);
    const listened = `${passes} passes of ${mic.totalSec.toFixed(0)} s`;
    figures.push(
      valueFigure(`${name}.falseStarts`, `${name}: false starts`, 'count', sum('falseStarts'), { note: listened }),
      valueFigure(`${name}.missedStarts`, `${name}: missed starts`, 'count', sum('missedStarts'), { note: `of ${sentences.length * passes} sentences` }),
      valueFigure(`${name}.splits`, `${name}: sentences heard as two`, 'count', sum('splits'), { detail: true }),
    );
    const ends = all.flatMap((s) => s.endDelaysMs);
    const starts = all.flatMap((s) => s.startDelaysMs);
    if (ends.length > 0) figures.push(seriesFigure(`${name}.endDelay`, `${name}: end of voice → speech-end`, 'ms', ends, { note: 'silenceMs / redemptionMs 700 of it' }));
    if (starts.length > 0) figures.push(seriesFigure(`${name}.startDelay`, `${name}: voice starts → speech-start`, 'ms', starts, { note: 'minSpeechMs 200 of it' }));
    for (const segment of SEGMENTS.map((s) => s.name)) {
      const part = all.filter((s) => s.segment === segment);
      bySegment[`${name}.${segment}`] = {
        falseStarts: sum('falseStarts', segment),
        missedStarts: sum('missedStarts', segment),
        splits: sum('splits', segment),
        startDelaysMs: part.flatMap((s) => s.startDelaysMs).map(Math.round),
        endDelaysMs: part.flatMap((s) => s.endDelaysMs).map(Math.round),
      };
      const segmentEnds = part.flatMap((s) => s.endDelaysMs);
      if (segmentEnds.length > 0) figures.push(seriesFigure(`${name}.${segment}.endDelay`, `${name}, ${segment}: end of voice → speech-end`, 'ms', segmentEnds, { detail: true }));
    }
  }
  const raw = energyOnRawFile(mic);
  figures.push(
    seriesFigure('energyRaw.startDelay', 'energy on the raw file (Node, no browser): voice starts → speech-start', 'ms', raw.flatMap((s) => s.startDelaysMs), { detail: true }),
    seriesFigure('energyRaw.endDelay', 'energy on the raw file (Node, no browser): end of voice → speech-end', 'ms', raw.flatMap((s) => s.endDelaysMs), {
      note: 'the algorithm alone; the Chromium figures add capture and audio processing',
    }),
  );
  bySegment.energyRaw = raw;
  return { figures, bySegment };
}

/** Runs in the page: an AudioContext on the fake microphone through `source`'s processor for `seconds`. */
async function runWorklet({ source, name, options }: { source: string; name: string; options: object }): Promise<{ sampleRate: number }> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext();
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  await context.audioWorklet.addModule(url);
  URL.revokeObjectURL(url);
  const node = new AudioWorkletNode(context, name, { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: options });
  // The listener's messages (audio frames, levels, events) are received and dropped, as a page would.
  node.port.onmessage = () => undefined;
  const mute = context.createGain();
  mute.gain.value = 0;
  context.createMediaStreamSource(stream).connect(node);
  node.connect(mute);
  mute.connect(context.destination);
  (window as unknown as { stopWorklet(): Promise<void> }).stopWorklet = async () => {
    stream.getTracks().forEach((track) => track.stop());
    await context.close();
  };
  return { sampleRate: context.sampleRate };
}

const NOOP_PROCESSOR = 'bench-noop';
const NOOP_SOURCE = `registerProcessor('${NOOP_PROCESSOR}', class extends AudioWorkletProcessor { process() { return true; } });`;
const AUDIO_WORKLET_THREAD = /Realtime AudioW|AudioWorklet/;

async function workletCost(context: BenchmarkContext, browser: BrowserContext, apiServer: string, pairs: number, windowSec: number) {
  const { page } = await openEmulatorPage(browser, { origin: apiServer, path: '/__bench/worklet.html', html: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">' });
  const conditions = {
    noop: { source: NOOP_SOURCE, name: NOOP_PROCESSOR, options: {} },
    listener: { source: LISTENER_WORKLET_SOURCE, name: LISTENER_PROCESSOR_NAME, options: { detector: {}, preRollMs: 300 } },
  };
  const perQuantumUs: Record<keyof typeof conditions, number[]> = { noop: [], listener: [] };
  let quantumUs = 0;
  for (let pair = 0; pair < pairs; pair += 1) {
    for (const key of (pair % 2 === 0 ? ['noop', 'listener'] : ['listener', 'noop']) as Array<keyof typeof conditions>) {
      const { sampleRate } = await page.evaluate(runWorklet, conditions[key]);
      await sleep(1000);
      const before = threadCpuNs(AUDIO_WORKLET_THREAD);
      if (before.size === 0) throw new Error('no audio-worklet thread found among the browser\'s processes');
      await sleep(windowSec * 1000);
      const spentNs = cpuNsBetween(before, threadCpuNs(AUDIO_WORKLET_THREAD));
      await page.evaluate(() => (window as unknown as { stopWorklet(): Promise<void> }).stopWorklet());
      perQuantumUs[key].push(spentNs / 1000 / ((windowSec * sampleRate) / 128));
      quantumUs = (128 / sampleRate) * 1e6;
      await sleep(300);
    }
  }
  context.log(`worklet cost: ${pairs} pairs of ${windowSec} s windows`);
  await page.close();
  const added = perQuantumUs.listener.map((value, index) => value - perQuantumUs.noop[index]!);
  return {
    figures: [
      seriesFigure('worklet.listenerAddedUs', 'listener worklet: audio-thread CPU added per 128-frame quantum (vs a no-op worklet)', 'µs', added, {
        note: `framing, energy detector, pre-roll and posting; a quantum lasts ${quantumUs.toFixed(0)} µs here`,
      }),
      seriesFigure('worklet.listenerShare', 'listener worklet: share of one core (added CPU / audio time)', '%', added.map((us) => (us / quantumUs) * 100)),
      seriesFigure('worklet.listenerUs', 'listener worklet: audio-thread CPU per quantum', 'µs', perQuantumUs.listener, { detail: true }),
      seriesFigure('worklet.noopUs', 'no-op worklet: audio-thread CPU per quantum', 'µs', perQuantumUs.noop, { detail: true }),
    ],
    perQuantumUs,
  };
}

await runBenchmark({
  name: 'vad',
  title: 'Voice activity detectors in Chromium on the same recordings (energy vs Silero), and the listener worklet\'s audio-thread CPU',
  async run(context) {
    const passes = context.reps(4, 1);
    const emulator = await startEmulatorProcess();
    try {
      const parts = SEGMENTS.flatMap((segment) => segment.parts);
      const mic = await synthesizeFakeMicScript({ apiServer: emulator.url, apiKey: emulator.apiKey }, parts);
      const browser = await launchChromium({ fakeMicWav: mic.path });
      try {
        const cost = await workletCost(context, browser.context, emulator.url, context.reps(6, 2), context.quick ? 3 : 5);
        const scores = await compare(context, browser.context, emulator.url, mic, passes, true);
        const unprocessed = await compare(context, browser.context, emulator.url, mic, 1, false);
        const compared = comparisonFigures(scores, mic);
        return {
          figures: [...compared.figures, ...unprocessedFigures(unprocessed), ...cost.figures],
          details: { bySegment: compared.bySegment, unprocessed, sentences: sentencesOf(mic), segments: segmentSpans(mic), workletPerQuantumUs: cost.perQuantumUs },
        };
      } finally {
        await browser.close();
        mic.remove();
      }
    } finally {
      await emulator.close();
    }
  },
});
