/**
 * The entry of `audio.iife.js`, the script-tag build's on-demand audio chunk:
 * it registers the codec for load-audio.script.ts. build.mjs points its
 * `../errors.js` imports at the registry's `errors`, so the chunk throws the
 * main script's error classes.
 */
import * as codec from './audio-codec.js';
import { AUDIO_CHUNK_NAME, scriptChunkRegistry } from './script-chunks.js';

scriptChunkRegistry().chunks[AUDIO_CHUNK_NAME] = codec;
