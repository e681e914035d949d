/**
 * The AudioWorkletProcessor of `WavRecorder`, kept as source text so the SDK
 * stays one file: it is loaded through a Blob URL. With `channels` 1 it mixes
 * the input to mono; with more it interleaves that many channels (repeating
 * the last input channel when the input has fewer). It posts blocks of
 * `blockSize` samples (a multiple of `channels`) with their RMS level;
 * `flush` posts the partial block and answers `flushed`; `stop` ends processing.
 */
export const RECORDER_PROCESSOR_NAME = 'perso-wav-recorder';

export const RECORDER_WORKLET_SOURCE = `
class PersoWavRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const settings = (options && options.processorOptions) || {};
    this.channels = settings.channels > 1 ? settings.channels : 1;
    const size = settings.blockSize > 0 ? settings.blockSize : 1024;
    this.block = new Float32Array(Math.max(this.channels, size - (size % this.channels)));
    this.filled = 0;
    this.squares = 0;
    this.stopped = false;
    this.port.onmessage = (event) => {
      if (event.data === 'flush') {
        this.post();
        this.port.postMessage({ type: 'flushed' });
      } else if (event.data === 'stop') {
        this.stopped = true;
      }
    };
  }
  process(inputs) {
    const input = inputs[0];
    if (this.stopped) return false;
    if (!input || input.length === 0) return true;
    const channels = input.length;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      if (this.channels === 1) {
        let sample = 0;
        for (let c = 0; c < channels; c++) sample += input[c][i];
        this.add(sample / channels);
      } else {
        for (let c = 0; c < this.channels; c++) this.add(input[Math.min(c, channels - 1)][i]);
      }
      if (this.filled === this.block.length) this.post();
    }
    return true;
  }
  add(sample) {
    this.block[this.filled++] = sample;
    this.squares += sample * sample;
  }
  post() {
    if (this.filled === 0) return;
    const samples = this.block.slice(0, this.filled);
    const rms = Math.sqrt(this.squares / this.filled);
    this.filled = 0;
    this.squares = 0;
    this.port.postMessage({ type: 'samples', samples, rms }, [samples.buffer]);
  }
}
try {
  registerProcessor('${RECORDER_PROCESSOR_NAME}', PersoWavRecorder);
} catch {
  // A second recording on the same AudioContext loads the module again.
}
`;
