/**
 * The audio code that only voice input and TTS decoding need: the recorder's
 * and the hands-free listener's worklets, the resampler, the WAV codec and the TTS audio resampling. Nothing
 * imports it statically; load-audio.ts loads it on first use, so an app that
 * never records or decodes audio never downloads it.
 */
export { RECORDER_PROCESSOR_NAME, RECORDER_WORKLET_SOURCE } from './recorder-worklet.js';
export { LISTENER_PROCESSOR_NAME, LISTENER_WORKLET_SOURCE } from './vad/listener-worklet.js';
export { downmixToMono, resample } from './resample.js';
export { decodeWav, encodeWav } from './wav.js';
export { mp3At16k, wavAt16k } from './tts-resample.js';
