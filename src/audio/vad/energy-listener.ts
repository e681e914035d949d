/**
 * The built-in detector's implementation, behind `energyVad()`: the
 * listener worklet (energy detector on the audio thread) on the shared audio
 * graph, whole utterances with their pre-roll. It is part of the lazy audio
 * chunk (audio-codec.ts), so the SDK's first download has only the factory.
 */
import { domError, openWorkletGraph, type WorkletGraph } from '../worklet-graph.js';
import type { EnergyDetectorEvent, EnergyDetectorOptions } from './energy-detector.js';
import { LISTENER_PROCESSOR_NAME, LISTENER_WORKLET_SOURCE } from './listener-worklet.js';
import { microphoneConstraints } from './microphone-constraints.js';
import type { EnergyVadOptions, VoiceActivityDetector, VoiceActivityHandlers } from './voice-listener.js';

export class EnergyVad implements VoiceActivityDetector {
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
      graph = await openWorkletGraph({
        purpose: 'Listening',
        ...(this.options.mediaStream ? { mediaStream: this.options.mediaStream } : {}),
        constraints: microphoneConstraints(this.options.deviceId),
        source: LISTENER_WORKLET_SOURCE,
        processorName: LISTENER_PROCESSOR_NAME,
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
