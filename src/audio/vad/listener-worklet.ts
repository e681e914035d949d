/**
 * The AudioWorkletProcessor of the hands-free listener, as source text loaded
 * through a Blob URL (like the recorder's). It mixes the input to mono, cuts
 * it into 20 ms frames, runs the energy detector on each, and posts:
 * `audio` (the captured frames, starting with the pre-roll before the onset),
 * the detector's events, and `level` about every 60 ms. All of the detector's
 * work stays on the audio thread.
 */
import { createEnergyDetector } from './energy-detector.js';

export const LISTENER_PROCESSOR_NAME = 'perso-voice-listener';

export const LISTENER_WORKLET_SOURCE = `
const createEnergyDetector = ${createEnergyDetector.toString()};
const FRAME_SECONDS = 0.02;
const LEVEL_EVERY_FRAMES = 3;
class PersoVoiceListener extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const settings = (options && options.processorOptions) || {};
    this.frame = new Float32Array(Math.max(1, Math.round(sampleRate * FRAME_SECONDS)));
    this.frameMs = (this.frame.length / sampleRate) * 1000;
    this.filled = 0;
    this.squares = 0;
    this.frames = 0;
    this.detector = createEnergyDetector(settings.detector || {});
    this.preRollFrames = Math.ceil((settings.preRollMs > 0 ? settings.preRollMs : 300) / this.frameMs);
    this.preRoll = [];
    this.capturing = false;
    this.stopped = false;
    this.port.onmessage = (event) => {
      const message = event.data || {};
      if (message.type === 'update') this.detector.update(message.detector || {});
      else if (message.type === 'stop') this.stopped = true;
    };
  }
  process(inputs) {
    if (this.stopped) return false;
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const channels = input.length;
    const length = input[0].length;
    for (let i = 0; i < length; i++) {
      let sample = 0;
      for (let c = 0; c < channels; c++) sample += input[c][i];
      sample /= channels;
      this.frame[this.filled++] = sample;
      this.squares += sample * sample;
      if (this.filled === this.frame.length) this.endFrame();
    }
    return true;
  }
  endFrame() {
    const frame = this.frame.slice();
    const rms = Math.sqrt(this.squares / frame.length);
    this.filled = 0;
    this.squares = 0;
    const event = this.detector.push(rms, this.frameMs);
    if (this.capturing) {
      this.port.postMessage({ type: 'audio', samples: frame }, [frame.buffer]);
    } else {
      this.preRoll.push(frame);
      if (this.preRoll.length > this.preRollFrames) this.preRoll.shift();
    }
    if (event) {
      if ((event.type === 'onset' || event.type === 'speech-start') && !this.capturing) {
        this.capturing = true;
        for (const held of this.preRoll) this.port.postMessage({ type: 'audio', samples: held }, [held.buffer]);
        this.preRoll = [];
      }
      if (event.type === 'misfire' || event.type === 'speech-end') this.capturing = false;
      this.port.postMessage({ type: 'vad', event });
    }
    this.frames += 1;
    if (this.frames % LEVEL_EVERY_FRAMES === 0) this.port.postMessage({ type: 'level', rms, floorDb: this.detector.floorDb() });
  }
}
try {
  registerProcessor('${LISTENER_PROCESSOR_NAME}', PersoVoiceListener);
} catch {
  // Listening again on the same AudioContext loads the module again.
}
`;
