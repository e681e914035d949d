/**
 * load-audio.ts for the script-tag build (build.mjs substitutes it): the
 * audio codec is a second script, `audio.iife.js`, next to the SDK's own
 * file, added to the page on first use. Its URL is taken from
 * `document.currentScript` while the SDK script runs, so the pair works from
 * any base URL (a CDN, the emulator's /sdk/).
 */
import * as errors from '../errors.js';
import { NetworkError } from '../errors.js';
import type { AudioCodec } from './load-audio.js';
import { AUDIO_CHUNK_FILE, AUDIO_CHUNK_NAME, scriptChunkRegistry } from './script-chunks.js';

export type { AudioCodec } from './load-audio.js';

/** Read once, at load: `currentScript` is only set while the script itself runs. */
const sdkScriptUrl = typeof document === 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.src;

let loading: Promise<AudioCodec> | undefined;

export function loadAudioCodec(): Promise<AudioCodec> {
  loading ??= loadChunk().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function loadChunk(): Promise<AudioCodec> {
  const registry = scriptChunkRegistry(() => ({ errors, chunks: {} }));
  const loaded = registry.chunks[AUDIO_CHUNK_NAME] as AudioCodec | undefined;
  if (loaded) return loaded;
  if (!sdkScriptUrl || typeof document === 'undefined') {
    throw new Error(
      `perso-interactive-sdk-web: cannot load ${AUDIO_CHUNK_FILE}: the SDK script's URL is unknown (load index.iife.js with a <script src> tag)`,
    );
  }
  const url = new URL(AUDIO_CHUNK_FILE, sdkScriptUrl).href;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new NetworkError(url, new Error('the script failed to load')));
    document.head.appendChild(script);
  });
  const codec = registry.chunks[AUDIO_CHUNK_NAME] as AudioCodec | undefined;
  if (!codec) throw new Error(`perso-interactive-sdk-web: ${url} loaded but did not register the audio codec`);
  return codec;
}
