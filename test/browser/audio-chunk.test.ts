/**
 * The audio codec (recorder worklet, resampler, WAV codec) is not part of the
 * SDK's first download: the ESM build imports its chunk and the script-tag
 * build adds `audio.iife.js` from beside its own URL, both on the first
 * recording. A recording in Chromium (fake microphone) proves the chunk works;
 * a blocked chunk fails that recording with a NetworkError, and the next one
 * loads it again.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningChromium } from './support/chromium.js';
import { requireBuilt } from './support/dist.js';
import { collectPageErrors, type PageErrors } from './support/page-errors.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';

const PAGES = {
  '/esm.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{"imports": {"xstate": "/node_modules/xstate/dist/xstate.esm.js"}}</script>
</head><body><script type="module">
import * as sdk from '/dist/client/index.js';
window.sdk = sdk;
</script></body></html>`,
  '/iife.html': `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script src="/dist/client/index.iife.js"></script>
<script>window.sdk = window.PersoInteractive;</script></body></html>`,
};

/** The chunk each build loads on the first recording. */
const CHUNKS = {
  '/esm.html': /\/dist\/client\/chunks\/audio-codec-[A-Z0-9]+\.js$/,
  '/iife.html': /\/dist\/client\/audio\.iife\.js$/,
};

interface Recording {
  type: string;
  name: string;
  bytes: number;
  sampleRate: number;
}

let server: StaticServer;
let browser: RunningChromium;
let page: Page;
let errors: PageErrors;
let requested: string[];

beforeAll(async () => {
  requireBuilt('client/index.js', 'client/index.iife.js', 'client/audio.iife.js');
  server = await startStaticServer(PAGES);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  const unexpected = errors.unexpected([/Failed to load resource/]);
  await page.close();
  expect(unexpected).toEqual([]);
});

async function openPage(path: keyof typeof PAGES): Promise<void> {
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  requested = [];
  page.on('request', (request: Request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => 'sdk' in window, undefined, { timeout: 30_000 });
}

/** Records half a second of the fake microphone with the public WavRecorder, resampled to 16 kHz (the chunk's resampler). */
function record(): Promise<Recording> {
  return page.evaluate(async () => {
    const sdk = (window as unknown as { sdk: typeof import('../../src/client/index.js') }).sdk;
    const recorder = new sdk.WavRecorder({ targetSampleRate: 16000 });
    await recorder.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const file = await recorder.stop();
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { type: file.type, name: file.name, bytes: bytes.length, sampleRate: sdk.getWavSampleRate(bytes) };
  });
}

describe('the lazy audio chunk in Chromium', () => {
  for (const path of ['/esm.html', '/iife.html'] as const) {
    it(`${path}: not loaded with the SDK, loaded by the first recording, which gives a 16 kHz WAV`, async () => {
      await openPage(path);
      expect(requested.filter((url) => CHUNKS[path].test(url))).toEqual([]);
      const recording = await record();
      expect(recording).toEqual({ type: 'audio/wav', name: 'recording.wav', bytes: expect.any(Number), sampleRate: 16000 });
      // Samples after the 44-byte header (how many depends on when the audio graph started delivering).
      expect(recording.bytes).toBeGreaterThan(44);
      expect(requested.filter((url) => CHUNKS[path].test(url))).toHaveLength(1);
      await record();
      expect(requested.filter((url) => CHUNKS[path].test(url)), 'the chunk loads once').toHaveLength(1);
    }, 60_000);
  }

  it('/iife.html: the chunk throws the main script’s error classes', async () => {
    await openPage('/iife.html');
    await record();
    const shared = await page.evaluate(() => {
      const sdk = (window as unknown as { sdk: typeof import('../../src/client/index.js') }).sdk;
      const registry = (globalThis as unknown as Record<symbol, { chunks: Record<string, typeof import('../../src/audio/audio-codec.js')> }>)[
        Symbol.for('perso-interactive-sdk-web.script-chunks')
      ]!;
      try {
        registry.chunks['audio-codec']!.encodeWav(new Float32Array(2), -1);
        return 'no error';
      } catch (error) {
        return error instanceof sdk.InvalidArgumentError ? 'InvalidArgumentError of the SDK' : String(error);
      }
    });
    expect(shared).toBe('InvalidArgumentError of the SDK');
  }, 60_000);

  it('/iife.html: a chunk that cannot load fails the recording with NetworkError; the next recording loads it', async () => {
    await openPage('/iife.html');
    await page.route(CHUNKS['/iife.html'], (route) => route.abort());
    const failure = await page.evaluate(async () => {
      const sdk = (window as unknown as { sdk: typeof import('../../src/client/index.js') }).sdk;
      const recorder = new sdk.WavRecorder({ targetSampleRate: 16000 });
      try {
        await recorder.start();
        return 'started';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(failure).toBe('NetworkError');
    await page.unroute(CHUNKS['/iife.html']);
    expect((await record()).sampleRate).toBe(16000);
  }, 60_000);
});
