/**
 * Both detectors on real speech through Chromium's audio path: the fake
 * microphone plays sentences spoken by the emulator's TTS (and, in another
 * case, only low white noise); the page listens with `energyVad()` or
 * `sileroVad()` (its model and onnxruntime served by the emulator at
 * /vendor/vad/), and each utterance it answers is transcribed by the
 * emulator's STT. Each run's figures go to test-artifacts/vad-<name>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { VAD_ASSETS_PATH } from '../../emulator/vad-assets.js';
import { PersoUtilServer } from '../../src/api/index.js';
import { newSessionId } from '../e2e/harness.js';
import { launchChromium } from './support/chromium.js';
import { ARTIFACTS, ROOT } from './support/dist.js';
import { synthesizeFakeMicScript, type FakeMicPart, type FakeMicScript } from './support/fake-mic.js';
import { collectPageErrors } from './support/page-errors.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type DetectorName = 'energy' | 'silero';

interface Heard {
  events: Array<{ type: string; atSec: number; durationMs?: number }>;
  utterances: string[];
}

const PAGE_PATH = '/vad-test';
const PAGE_ENTRY = `
import { energyVad } from './src/audio/vad/voice-listener.ts';
import { sileroVad } from './vad-silero/index.ts';
import { resample } from './src/audio/resample.ts';
import { encodeWav } from './src/audio/wav.ts';
const heard = { events: [], utterances: [] };
window.heard = heard;
window.listen = async (name) => {
  const vad = name === 'silero' ? sileroVad({ baseAssetPath: '${VAD_ASSETS_PATH}', onnxWASMBasePath: '${VAD_ASSETS_PATH}' }) : energyVad();
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  await vad.start({
    onSpeechStart: () => heard.events.push({ type: 'speech-start', atSec: at() }),
    onMisfire: () => heard.events.push({ type: 'misfire', atSec: at() }),
    onSpeechEnd: (utterance) => {
      heard.events.push({ type: 'speech-end', atSec: at(), durationMs: utterance.durationMs });
      const wav = new Uint8Array(encodeWav(resample(utterance.audio, utterance.sampleRate, 16000), 16000));
      let binary = '';
      for (let i = 0; i < wav.length; i++) binary += String.fromCharCode(wav[i]);
      heard.utterances.push(btoa(binary));
    },
  });
  window.stopListening = () => vad.stop();
};
`;

const TWO_QUESTIONS: FakeMicPart[] = [{ silenceSec: 1.5 }, { say: 'What is the weather in Paris?' }, { silenceSec: 2 }, { say: 'Tell me a joke.' }, { silenceSec: 3 }];

let emulator: Emulator;
let twoQuestions: FakeMicScript;
let noise: FakeMicScript;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const bundle = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    logLevel: 'error',
  });
  const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">${bundle.outputFiles[0]!.text.replace(/<\/script/g, '<\\/script')}</script>`;
  emulator.server.registerRoute({ method: 'GET', path: PAGE_PATH, handler: ({ res }) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page) });
  const credentials = { apiServer: emulator.url, apiKey: emulator.apiKey };
  twoQuestions = await synthesizeFakeMicScript(credentials, TWO_QUESTIONS);
  noise = await synthesizeFakeMicScript(credentials, [{ noiseSec: 12, amplitude: 0.01 }]);
}, 120_000);

afterAll(async () => {
  twoQuestions?.remove();
  noise?.remove();
  await emulator?.close();
});

async function listen(name: DetectorName, mic: FakeMicScript, until: (heard: Heard) => boolean, listenSec: number): Promise<Heard> {
  const browser = await launchChromium({ fakeMicWav: mic.path });
  try {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${emulator.url}${PAGE_PATH}`);
    await page.waitForFunction(() => typeof (window as unknown as { listen?: unknown }).listen === 'function');
    await page.evaluate((detector) => (window as unknown as { listen(name: string): Promise<void> }).listen(detector), name);
    const deadline = Date.now() + listenSec * 1000;
    let heard: Heard;
    for (;;) {
      heard = await page.evaluate(() => (window as unknown as { heard: Heard }).heard);
      if (until(heard) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // onnxruntime warns on the console about unused initialisers; those are not errors of ours.
    expect(errors.unexpected([/onnxruntime|VerifyEachNodeIsAssignedToAnEp/])).toEqual([]);
    return heard;
  } finally {
    await browser.close();
  }
}

function shareOfWordsHeard(said: string, heard: string): number {
  const words = new Set(heard.split(/\W+/));
  const expected = said.split(' ');
  return expected.filter((word) => words.has(word)).length / expected.length;
}

function record(name: string, figures: object): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `vad-${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

describe.each<DetectorName>(['energy', 'silero'])('the %s detector in Chromium', (name) => {
  it('hears two spoken sentences as two utterances, each transcribed as what was said', async () => {
    const mic = twoQuestions;
    const heard = await listen(name, mic, (h) => h.utterances.length >= 2 && h.events.at(-1)!.atSec > mic.totalSec, mic.totalSec + 8);
    const kinds = heard.events.filter((e) => e.type !== 'misfire').map((e) => e.type);
    expect(kinds).toEqual(['speech-start', 'speech-end', 'speech-start', 'speech-end']);
    // The file starts playing somewhat after the page's clock does: anchor on the first start.
    const starts = heard.events.filter((e) => e.type === 'speech-start');
    const ends = heard.events.filter((e) => e.type === 'speech-end');
    const offset = starts[0]!.atSec - mic.spoken[0]!.startSec;
    const startLag = starts[1]!.atSec - offset - mic.spoken[1]!.startSec;
    // The second start belongs to the second sentence: it falls between the two sentences' starts and its end
    // (a loaded machine delays the detector's events, Silero's inference most: 1 s late was seen in CI beside other work).
    expect(starts[1]!.atSec - offset).toBeGreaterThan(mic.spoken[0]!.endSec);
    expect(starts[1]!.atSec - offset).toBeLessThan(mic.spoken[1]!.endSec + 2);

    const sessionId = await newSessionId(emulator, { using_stf_webrtc: false });
    const texts: string[] = [];
    for (const utterance of heard.utterances) {
      const audio = new Blob([Buffer.from(utterance, 'base64')], { type: 'audio/wav' });
      texts.push((await PersoUtilServer.makeSTT(emulator.url, sessionId, audio)).text.toLowerCase());
    }
    // PocketSphinx on audio through Chromium's processing (and Silero's own resampler) recognises some words, not
    // all ("the way they're in paris" was heard under load): the utterance is whole when a third of its words come back.
    expect(shareOfWordsHeard('what is the weather in paris', texts[0]!)).toBeGreaterThanOrEqual(0.3);
    expect(shareOfWordsHeard('tell me a joke', texts[1]!)).toBeGreaterThanOrEqual(0.3);
    record(`${name}-speech`, {
      misfires: heard.events.filter((e) => e.type === 'misfire').length,
      secondStartLagMs: Math.round(startLag * 1000),
      endOfSpeechDelayMs: ends.map((end, i) => Math.round((end.atSec - offset - mic.spoken[i]!.endSec) * 1000)),
      transcripts: texts,
    });
  }, 120_000);

  it('low white noise starts no utterance', async () => {
    // Heard while the noise lasts: the file's abrupt end (a click, then Chromium's gain control at work) is not noise.
    const heard = await listen(name, noise, () => false, 9);
    record(`${name}-noise`, { falseStarts: heard.events.filter((e) => e.type === 'speech-start').length, misfires: heard.events.filter((e) => e.type === 'misfire').length });
    expect(heard.events.filter((e) => e.type === 'speech-start')).toEqual([]);
    expect(heard.utterances).toEqual([]);
  }, 60_000);
});
