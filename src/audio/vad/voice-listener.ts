/**
 * Hands-free listening: the microphone through a voice activity detector,
 * answering whole utterances. The `VoiceActivityDetector` interface is what a
 * session listens with; `energyVad()` is the built-in one (its detector runs
 * in an AudioWorklet), and any other (Silero, a server-side one) can be
 * plugged in by implementing the same three members. The detector's
 * worklet comes with the lazy audio chunk (load-audio.ts), not the SDK.
 */
import { loadAudioCodec } from '../load-audio.js';
import { domError, openWorkletGraph, type WorkletGraph } from '../worklet-graph.js';
import type { EnergyDetectorEvent, EnergyDetectorOptions } from './energy-detector.js';

/** One utterance: mono samples from the onset (with a little audio before it) to the end of speech. */
export interface Utterance {
  audio: Float32Array;
  sampleRate: number;
  /** From the start of speech to its last voiced frame, in ms. */
  durationMs: number;
}

export interface VoiceActivityHandlers {
  /** The user started speaking (after `minSpeechMs` of speech). */
  onSpeechStart(): void;
  /** The user stopped speaking: `silenceMs` of silence followed the utterance. */
  onSpeechEnd(utterance: Utterance): void;
  /** Sound that started like speech but was too short; what was captured is dropped. */
  onMisfire?(): void;
  /** The input level (RMS 0…1), about every 60 ms. */
  onLevel?(rms: number): void;
}

/** A pluggable detector. `start` resolves once the microphone is live. */
export interface VoiceActivityDetector {
  start(handlers: VoiceActivityHandlers): Promise<void>;
  /** Releases the microphone and the audio graph. Idempotent. */
  stop(): void;
  /** While the avatar speaks the detector should be stricter (its voice may leak into the microphone). */
  setAvatarSpeaking(speaking: boolean): void;
}

export interface EnergyVadOptions extends EnergyDetectorOptions {
  /** The microphone to open (`MediaDeviceInfo.deviceId`). */
  deviceId?: string;
  /** Listen to this stream instead of opening the microphone; its tracks are left running on stop. */
  mediaStream?: MediaStream;
  /** Audio kept from before the onset, so the first syllable is not cut, in ms. @default 300 */
  preRollMs?: number;
  /** `minSpeechMs` while the avatar speaks (barge-in needs more proof of a real voice). @default max(minSpeechMs, 300) */
  bargeInMinSpeechMs?: number;
  /** `startDb` while the avatar speaks. @default startDb + 6 */
  bargeInStartDb?: number;
}

/** The microphone constraints hands-free listening asks for: the browser's echo canceller keeps the avatar's voice out. */
export function microphoneConstraints(deviceId?: string): MediaTrackConstraints {
  return {
    channelCount: 1,
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}

/** The built-in detector: energy over an adaptive noise floor, computed in an AudioWorklet. */
export function energyVad(options: EnergyVadOptions = {}): VoiceActivityDetector {
  return new EnergyVad(options);
}

class EnergyVad implements VoiceActivityDetector {
  private readonly options: EnergyVadOptions;
  private graph: WorkletGraph | null = null;
  /** Bumped by `stop()`, so a `start()` still opening the microphone knows it was stopped. */
  private generation = 0;
  private starting = false;
  private avatarSpeaking = false;

  constructor(options: EnergyVadOptions) {
    this.options = options;
  }

  async start(handlers: VoiceActivityHandlers): Promise<void> {
    if (this.graph || this.starting) throw domError('The detector is already listening', 'InvalidStateError');
    this.starting = true;
    const generation = this.generation;
    const captured: Float32Array[] = [];
    let graph: WorkletGraph;
    try {
      const codec = await loadAudioCodec();
      graph = await openWorkletGraph({
        purpose: 'Listening',
        ...(this.options.mediaStream ? { mediaStream: this.options.mediaStream } : {}),
        constraints: microphoneConstraints(this.options.deviceId),
        source: codec.LISTENER_WORKLET_SOURCE,
        processorName: codec.LISTENER_PROCESSOR_NAME,
        processorOptions: { detector: this.detectorSettings(), preRollMs: this.options.preRollMs },
        onMessage: (data) => {
          const message = data as ListenerMessage;
          if (message.type === 'audio') captured.push(message.samples);
          else if (message.type === 'level') handlers.onLevel?.(message.rms);
          else if (message.type === 'vad') this.dispatch(message.event, captured, graph.context.sampleRate, handlers);
        },
        stopMessage: { type: 'stop' },
      });
    } finally {
      this.starting = false;
    }
    if (generation !== this.generation) {
      graph.release();
      throw domError('Listening was stopped while starting', 'AbortError');
    }
    this.graph = graph;
    // The avatar may have started speaking while the microphone opened.
    graph.node.port.postMessage({ type: 'update', detector: this.detectorSettings() });
  }

  stop(): void {
    this.generation += 1;
    this.graph?.release();
    this.graph = null;
  }

  setAvatarSpeaking(speaking: boolean): void {
    if (speaking === this.avatarSpeaking) return;
    this.avatarSpeaking = speaking;
    this.graph?.node.port.postMessage({ type: 'update', detector: this.detectorSettings() });
  }

  private detectorSettings(): EnergyDetectorOptions {
    const { silenceMs, minSpeechMs = 200, startDb = 12, keepDb, minLevelDb, maxSpeechMs } = this.options;
    const strict = this.avatarSpeaking;
    return {
      silenceMs,
      keepDb,
      minLevelDb,
      maxSpeechMs,
      minSpeechMs: strict ? (this.options.bargeInMinSpeechMs ?? Math.max(minSpeechMs, 300)) : minSpeechMs,
      startDb: strict ? (this.options.bargeInStartDb ?? startDb + 6) : startDb,
    };
  }

  private dispatch(event: EnergyDetectorEvent, captured: Float32Array[], sampleRate: number, handlers: VoiceActivityHandlers): void {
    if (event.type === 'speech-start') handlers.onSpeechStart();
    else if (event.type === 'misfire') {
      captured.length = 0;
      handlers.onMisfire?.();
    } else if (event.type === 'speech-end') {
      const audio = joinBlocks(captured.splice(0));
      handlers.onSpeechEnd({ audio, sampleRate, durationMs: event.durationMs });
    }
  }
}

type ListenerMessage =
  | { type: 'audio'; samples: Float32Array }
  | { type: 'level'; rms: number; floorDb: number }
  | { type: 'vad'; event: EnergyDetectorEvent };

function joinBlocks(blocks: Float32Array[]): Float32Array {
  const joined = new Float32Array(blocks.reduce((total, block) => total + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    joined.set(block, offset);
    offset += block.length;
  }
  return joined;
}
