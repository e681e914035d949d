/**
 * How the script-tag build and its on-demand chunks meet: one registry on
 * `globalThis` under a `Symbol.for` key. The main script puts in the modules
 * a chunk must share with it (the error classes, so `instanceof` holds across
 * both files); a chunk, once its script has run, puts in its exports.
 */
import type * as errors from '../errors.js';

export interface ScriptChunkRegistry {
  errors: typeof errors;
  chunks: Record<string, unknown>;
}

/** The audio codec's script, next to the SDK's own file, and its name in the registry. */
export const AUDIO_CHUNK_FILE = 'audio.iife.js';
export const AUDIO_CHUNK_NAME = 'audio-codec';

const REGISTRY_KEY = Symbol.for('perso-interactive-sdk-web.script-chunks');

/** The page's registry; the main script creates it, chunks only read it. */
export function scriptChunkRegistry(create?: () => ScriptChunkRegistry): ScriptChunkRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: ScriptChunkRegistry };
  const registry = holder[REGISTRY_KEY] ?? (create ? (holder[REGISTRY_KEY] = create()) : undefined);
  if (!registry) throw new Error('perso-interactive-sdk-web: a script chunk ran before the SDK script (load index.iife.js first)');
  return registry;
}
