/**
 * The live microphone level: its own getUserMedia stream into an AnalyserNode,
 * independent of the SDK's recorder, drawn as a bar (0 = silence, 1 = loud).
 */
import { byId } from './dom.js';

const FLOOR_DB = -60;

export class LevelMeter {
  private readonly track = byId('mic-level', HTMLDivElement);
  private running: { stream: MediaStream; context: AudioContext; frame: number } | null = null;
  private peak = 0;

  async start(): Promise<void> {
    this.stop();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    await context.resume();
    const samples = new Float32Array(analyser.fftSize);
    this.peak = 0;
    const draw = (): void => {
      analyser.getFloatTimeDomainData(samples);
      this.show(levelOf(samples));
      if (this.running) this.running.frame = requestAnimationFrame(draw);
    };
    this.running = { stream, context, frame: requestAnimationFrame(draw) };
  }

  stop(): void {
    if (!this.running) return;
    const { stream, context, frame } = this.running;
    this.running = null;
    cancelAnimationFrame(frame);
    for (const track of stream.getTracks()) track.stop();
    void context.close();
    this.show(0);
  }

  private show(level: number): void {
    this.peak = Math.max(this.peak, level);
    this.track.style.setProperty('--level', level.toFixed(3));
    this.track.setAttribute('aria-valuenow', String(Math.round(level * 100)));
    this.track.dataset.level = level.toFixed(2);
    this.track.dataset.peak = this.peak.toFixed(2);
  }
}

/** RMS on a decibel scale, mapped from [-60 dB, 0 dB] to [0, 1]. */
function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  if (rms === 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}
