/**
 * The AudioWorkletProcessor of `WavRecorder`, kept as source text so the SDK
 * stays one file: it is loaded through a Blob URL. It mixes the input to mono
 * and posts blocks of `blockSize` samples with their RMS level; `flush` posts
 * the partial block and answers `flushed`; `stop` ends processing.
 */
export const RECORDER_PROCESSOR_NAME = 'perso-wav-recorder';

export const RECORDER_WORKLET_SOURCE = `
class PersoWavRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const size = options && options.processorOptions && options.processorOptions.blockSize;
    this.block = new Float32Array(size > 0 ? size : 1024);
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
      let sample = 0;
      for (let c = 0; c < channels; c++) sample += input[c][i];
      sample /= channels;
      this.block[this.filled++] = sample;
      this.squares += sample * sample;
      if (this.filled === this.block.length) this.post();
    }
    return true;
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
