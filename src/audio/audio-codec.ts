/**
 * The audio code that only voice input and TTS decoding need: the recorder's
 * and the hands-free listener (its worklet and detector), the resampler, the WAV codec and the TTS audio resampling. Nothing
 * imports it statically; load-audio.ts loads it on first use, so an app that
 * never records or decodes audio never downloads it.
 */
export { RECORDER_PROCESSOR_NAME, RECORDER_WORKLET_SOURCE } from './recorder-worklet.js';
export { EnergyVad } from './vad/energy-listener.js';
export { downmixToMono, resample } from './resample.js';
export { decodeWav, encodeWav } from './wav.js';
export { mp3At16k, wavAt16k } from './tts-resample.js';
