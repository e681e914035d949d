/**
 * The built-in detector on real speech through Chromium's audio path: the
 * fake microphone plays sentences spoken by the emulator's TTS (and, in the
 * second case, only low white noise); the page listens with `energyVad()`,
 * and each utterance it answers is transcribed by the emulator's STT.
 */
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { PersoUtilServer } from '../../src/api/index.js';
import { newSessionId } from '../e2e/harness.js';
import { launchChromium, type RunningChromium } from './support/chromium.js';
import { ROOT } from './support/dist.js';
import { synthesizeFakeMicScript, type FakeMicScript } from './support/fake-mic.js';
import { collectPageErrors } from './support/page-errors.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

interface Heard {
  events: Array<{ type: string; atSec: number; durationMs?: number }>;
  utterances: string[];
}

const PAGE_ENTRY = `
import { energyVad } from './src/audio/vad/voice-listener.ts';
import { resample } from './src/audio/resample.ts';
import { encodeWav } from './src/audio/wav.ts';
const heard = { events: [], utterances: [] };
window.heard = heard;
window.listen = async () => {
  const vad = energyVad();
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

let emulator: Emulator;
let server: StaticServer;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const bundle = await build({ stdin: { contents: PAGE_ENTRY, resolveDir: ROOT, loader: 'ts' }, bundle: true, format: 'iife', write: false, platform: 'browser' });
  const script = bundle.outputFiles[0]!.text.replace(/<\/script/g, '<\\/script');
  server = await startStaticServer({ '/': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script>${script}</script>` });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await emulator?.close();
});

async function listenTo(mic: FakeMicScript, until: (heard: Heard) => boolean, listenSec = mic.totalSec + 5): Promise<{ heard: Heard; page: Page; browser: RunningChromium }> {
  const browser = await launchChromium({ fakeMicWav: mic.path });
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(server.url);
  await page.evaluate(() => (window as unknown as { listen(): Promise<void> }).listen());
  const deadline = Date.now() + listenSec * 1000;
  let heard: Heard;
  for (;;) {
    heard = await page.evaluate(() => (window as unknown as { heard: Heard }).heard);
    if (until(heard) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(errors.unexpected()).toEqual([]);
  return { heard, page, browser };
}

function shareOfWordsHeard(said: string, heard: string): number {
  const words = new Set(heard.split(/\W+/));
  const expected = said.split(' ');
  return expected.filter((word) => words.has(word)).length / expected.length;
}

describe('energyVad() in Chromium', () => {
  it('hears two spoken sentences as two utterances, each transcribed as what was said', async () => {
    const mic = await synthesizeFakeMicScript({ apiServer: emulator.url, apiKey: emulator.apiKey }, [
      { silenceSec: 1.5 },
      { say: 'What is the weather in Paris?' },
      { silenceSec: 2 },
      { say: 'Tell me a joke.' },
      { silenceSec: 3 },
    ]);
    const { heard, browser } = await listenTo(mic, (h) => h.utterances.length >= 2 && h.events.at(-1)!.atSec > mic.totalSec);
    try {
      const kinds = heard.events.filter((e) => e.type !== 'misfire').map((e) => e.type);
      expect(kinds).toEqual(['speech-start', 'speech-end', 'speech-start', 'speech-end']);
      // The file starts playing somewhat after the page's clock does, so compare the gap between the starts.
      const starts = heard.events.filter((e) => e.type === 'speech-start');
      const heardGap = starts[1]!.atSec - starts[0]!.atSec;
      const spokenGap = mic.spoken[1]!.startSec - mic.spoken[0]!.startSec;
      expect(Math.abs(heardGap - spokenGap)).toBeLessThan(0.4);
      const ends = heard.events.filter((e) => e.type === 'speech-end');
      for (const [index, end] of ends.entries()) expect(end.durationMs!).toBeGreaterThan((mic.spoken[index]!.endSec - mic.spoken[index]!.startSec) * 1000 * 0.6);

      const sessionId = await newSessionId(emulator, { using_stf_webrtc: false });
      const texts: string[] = [];
      for (const utterance of heard.utterances) {
        const audio = new Blob([Buffer.from(utterance, 'base64')], { type: 'audio/wav' });
        texts.push((await PersoUtilServer.makeSTT(emulator.url, sessionId, audio)).text.toLowerCase());
      }
      // PocketSphinx on 16 kHz audio through Chromium's audio processing: most words, not every word.
      expect(shareOfWordsHeard('what is the weather in paris', texts[0]!)).toBeGreaterThanOrEqual(0.5);
      expect(shareOfWordsHeard('tell me a joke', texts[1]!)).toBeGreaterThanOrEqual(0.5);
    } finally {
      await browser.close();
      mic.remove();
    }
  }, 90_000);

  it('low white noise starts no utterance', async () => {
    // Heard while the noise lasts: the file's abrupt end (a click, then Chromium's gain control at work) is not noise.
    const mic = await synthesizeFakeMicScript({ apiServer: emulator.url, apiKey: emulator.apiKey }, [{ noiseSec: 12, amplitude: 0.01 }]);
    const { heard, browser } = await listenTo(mic, () => false, 9);
    try {
      expect(heard.events.filter((e) => e.type === 'speech-start')).toEqual([]);
      expect(heard.utterances).toEqual([]);
    } finally {
      await browser.close();
      mic.remove();
    }
  }, 60_000);
});
