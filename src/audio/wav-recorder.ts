/**
 * Microphone recording to a WAV file, for STT. Browser-only at run time
 * (getUserMedia, AudioContext, AudioWorklet), but safe to import anywhere:
 * nothing touches the DOM until `start()`.
 */
import { AbortError, InvalidArgumentError } from '../errors.js';
import { loadAudioCodec, type AudioCodec } from './load-audio.js';
import { PcmBlockCollector } from './pcm-collector.js';
import { domError, openWorkletGraph, type WorkletGraph } from './worklet-graph.js';

export interface WavRecorderOptions {
  /**
   * Sample rate of the WAV file `stop()` answers, in Hz; the recording is
   * resampled only when this differs from the device's rate. @default the
   * device's own rate (`createSession`'s STT asks for 16000)
   */
  targetSampleRate?: number;
  /** Channels of the WAV file: 1 mixes the input down to mono; more keeps (or up-mixes to) that many. @default 1 */
  channels?: number;
  /** Record this stream instead of asking for the microphone. Its tracks are left running on stop. */
  mediaStream?: MediaStream;
  /** Use this context instead of creating (and later closing) one. */
  audioContext?: AudioContext;
  /** The RMS level (0…1) of each block of about 20 ms, for a level meter. */
  onLevel?: (rms: number) => void;
}

/** Samples per worklet message: ~21 ms at 48 kHz. */
const BLOCK_SIZE = 1024;
/** How long `stop()` waits for the worklet to hand over its last partial block. */
const FLUSH_TIMEOUT_MS = 500;

type RecorderState = 'idle' | 'starting' | 'recording' | 'stopping';

export class WavRecorder {
  private readonly options: WavRecorderOptions;
  private readonly targetSampleRate: number | undefined;
  private readonly channels: number;
  private readonly collector = new PcmBlockCollector();
  private state: RecorderState = 'idle';
  private graph: WorkletGraph | undefined;
  /** Bumped by `cancel()`, so a `start()` still opening the microphone knows it was cancelled. */
  private generation = 0;

  constructor(options: WavRecorderOptions = {}) {
    const target = options.targetSampleRate;
    if (target !== undefined && (!Number.isInteger(target) || target < 3000 || target > 384000)) {
      throw new InvalidArgumentError('targetSampleRate', `must be an integer number of Hz, got ${target}`);
    }
    const channels = options.channels ?? 1;
    if (!Number.isInteger(channels) || channels < 1 || channels > 32) {
      throw new InvalidArgumentError('channels', `must be an integer from 1 to 32, got ${channels}`);
    }
    this.options = options;
    this.targetSampleRate = target;
    this.channels = channels;
  }

  /** Whether the recorder is recording now (a method, as in the published SDK). */
  isRecording(): boolean {
    return this.state === 'recording';
  }

  /**
   * Opens the microphone (unless a stream was given) and starts recording.
   * Rejects with the browser's own error (e.g. `NotAllowedError`) when the
   * microphone is refused, `NotSupportedError` outside a browser,
   * `InvalidStateError` when already started, and `AbortError` when
   * `cancel()` is called meanwhile.
   */
  async start(): Promise<void> {
    if (this.state !== 'idle') throw domError('The recorder is already recording', 'InvalidStateError');
    this.state = 'starting';
    this.collector.clear();
    const generation = this.generation;
    let graph: WorkletGraph;
    try {
      graph = await openGraph(this.options, this.channels, (samples, rms) => {
        this.collector.push(samples);
        this.options.onLevel?.(rms);
      });
    } catch (error) {
      if (generation === this.generation) this.state = 'idle';
      throw error;
    }
    if (generation !== this.generation) {
      graph.release();
      throw new AbortError('The recording was cancelled while starting');
    }
    this.graph = graph;
    this.state = 'recording';
  }

  /** Stops recording and answers the WAV file (`recording.wav`, `channels`, `targetSampleRate` or the device's rate). */
  async stop(): Promise<File> {
    const graph = this.graph;
    if (this.state !== 'recording' || !graph) throw domError('The recorder is not recording', 'InvalidStateError');
    this.state = 'stopping';
    const generation = this.generation;
    try {
      await flush(graph.node);
    } finally {
      graph.release();
      if (generation === this.generation) {
        this.graph = undefined;
        this.state = 'idle';
      }
    }
    if (generation !== this.generation) throw new AbortError('The recording was cancelled while stopping');
    const deviceRate = graph.context.sampleRate;
    const rate = this.targetSampleRate ?? deviceRate;
    const recorded = this.collector.take();
    const { resample, encodeWav } = await loadAudioCodec();
    const samples = rate === deviceRate ? recorded : resampleInterleaved(resample, recorded, this.channels, deviceRate, rate);
    return new File([encodeWav(samples, rate, this.channels)], 'recording.wav', { type: 'audio/wav' });
  }

  /** Stops recording and drops what was recorded; a no-op when idle. */
  cancel(): void {
    this.generation += 1;
    this.graph?.release();
    this.graph = undefined;
    this.collector.clear();
    this.state = 'idle';
  }
}

export function createWavRecorder(options?: WavRecorderOptions): WavRecorder {
  return new WavRecorder(options);
}

/** Resamples each channel of interleaved samples and interleaves them again. */
function resampleInterleaved(resample: AudioCodec['resample'], samples: Float32Array, channels: number, fromRate: number, toRate: number): Float32Array {
  if (channels === 1) return resample(samples, fromRate, toRate);
  const frames = samples.length / channels;
  const resampled = Array.from({ length: channels }, (_, channel) => {
    const plane = new Float32Array(frames);
    for (let i = 0; i < frames; i++) plane[i] = samples[i * channels + channel]!;
    return resample(plane, fromRate, toRate);
  });
  const outFrames = resampled[0]!.length;
  const out = new Float32Array(outFrames * channels);
  for (let i = 0; i < outFrames; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = resampled[c]![i]!;
  return out;
}

async function openGraph(options: WavRecorderOptions, channels: number, onBlock: (samples: Float32Array, rms: number) => void): Promise<WorkletGraph> {
  if (!options.audioContext && !(globalThis as { AudioContext?: unknown }).AudioContext) throw domError('Recording needs the Web Audio API (a browser)', 'NotSupportedError');
  if (typeof globalThis.AudioWorkletNode !== 'function') throw domError('Recording needs AudioWorklet support', 'NotSupportedError');
  // The worklet, resampler and WAV encoder load on the first recording, not with the SDK.
  const codec = await loadAudioCodec();
  return openWorkletGraph({
    purpose: 'Recording',
    ...(options.mediaStream ? { mediaStream: options.mediaStream } : {}),
    ...(options.audioContext ? { audioContext: options.audioContext } : {}),
    constraints: { channelCount: channels, echoCancellation: true, noiseSuppression: true },
    source: codec.RECORDER_WORKLET_SOURCE,
    processorName: codec.RECORDER_PROCESSOR_NAME,
    processorOptions: { blockSize: BLOCK_SIZE * channels, channels },
    onMessage: (data) => {
      const message = data as { type?: string; samples?: Float32Array; rms?: number } | null;
      if (message?.type === 'samples' && message.samples) onBlock(message.samples, message.rms ?? 0);
    },
    stopMessage: 'stop',
  });
}

/** Asks the worklet for its partial block; resolves when it is in, or after a timeout. */
function flush(node: AudioWorkletNode): Promise<void> {
  return new Promise<void>((resolve) => {
    const onBlock = node.port.onmessage;
    const timer = setTimeout(done, FLUSH_TIMEOUT_MS);
    function done(): void {
      clearTimeout(timer);
      node.port.onmessage = onBlock;
      resolve();
    }
    node.port.onmessage = (event: MessageEvent<{ type: string }>) => {
      onBlock?.call(node.port, event);
      if (event.data?.type === 'flushed') done();
    };
    node.port.postMessage('flush');
  });
}
