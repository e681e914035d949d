import { encodeWav16, resamplePcm16 } from '../audio/pcm16.js';
import { media, type AudioFrameData, type AudioSink } from './wrtc.js';

/** Rate of the WAV handed to `transcribe` (what PocketSphinx expects). */
export const STT_RATE = 16_000;
const MAX_RECORDING_MS = 120_000;

function toMono({ samples, channelCount = 1 }: AudioFrameData): Int16Array {
  if (channelCount === 1) return samples.slice();
  const frames = Math.floor(samples.length / channelCount);
  const mono = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channelCount; channel++) sum += samples[frame * channelCount + channel] as number;
    mono[frame] = Math.round(sum / channelCount);
  }
  return mono;
}

/**
 * The client's uplink audio for legacy voice chat. A sink is attached only
 * between `record-start` and the end of the recording, so an idle uplink
 * costs nothing.
 */
export class UplinkRecorder {
  private track: MediaStreamTrack | null = null;
  private sink: AudioSink | null = null;
  private chunks: Int16Array[] = [];
  private sampleCount = 0;
  private started = false;

  constructor(private readonly log: (line: string) => void) {}

  get hasTrack(): boolean {
    return this.track !== null;
  }

  get recording(): boolean {
    return this.started;
  }

  attach(track: MediaStreamTrack): void {
    this.stopSink();
    this.track = track;
    if (this.started) this.openSink();
  }

  start(): void {
    this.chunks = [];
    this.sampleCount = 0;
    this.started = true;
    this.stopSink();
    if (this.track) this.openSink();
  }

  /** Ends the recording; null when nothing was being recorded. */
  stop(): Uint8Array | null {
    if (!this.started) return null;
    this.started = false;
    this.stopSink();
    const samples = new Int16Array(this.sampleCount);
    let offset = 0;
    for (const chunk of this.chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    this.sampleCount = 0;
    return encodeWav16(samples, STT_RATE);
  }

  close(): void {
    this.stopSink();
    this.track = null;
    this.started = false;
    this.chunks = [];
    this.sampleCount = 0;
  }

  private openSink(): void {
    const track = this.track;
    if (!track) return;
    const sink = new media.RTCAudioSink(track);
    sink.ondata = (data) => {
      if (this.sampleCount >= (MAX_RECORDING_MS / 1000) * STT_RATE) {
        this.log(`record: uplink recording reached ${MAX_RECORDING_MS / 1000} s; later audio is dropped`);
        sink.ondata = null;
        return;
      }
      const chunk = resamplePcm16(toMono(data), data.sampleRate, STT_RATE);
      this.chunks.push(chunk);
      this.sampleCount += chunk.length;
    };
    this.sink = sink;
  }

  private stopSink(): void {
    this.sink?.stop();
    this.sink = null;
  }
}
