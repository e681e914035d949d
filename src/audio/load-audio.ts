/**
 * Loads the audio codec (audio-codec.ts) on first use. In the ESM build this
 * dynamic import is a chunk of its own, which an app's bundler keeps as a lazy
 * chunk too; the CJS build inlines it. The script-tag build swaps this module
 * for load-audio.script.ts (see build.mjs).
 */
export type AudioCodec = typeof import('./audio-codec.js');

let loading: Promise<AudioCodec> | undefined;

export function loadAudioCodec(): Promise<AudioCodec> {
  loading ??= import('./audio-codec.js').catch((error: unknown) => {
    // A failed download may succeed later (the network came back): do not cache the failure.
    loading = undefined;
    throw error;
  });
  return loading;
}
