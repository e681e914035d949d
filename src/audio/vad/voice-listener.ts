/**
 * Hands-free listening: the microphone through a voice activity detector,
 * answering whole utterances. The `VoiceActivityDetector` interface is what a
 * session listens with; `energyVad()` is the built-in one (its detector runs
 * in an AudioWorklet), and any other (Silero, a server-side one) can be
 * plugged in by implementing the same four members.
 */
import type { EnergyDetectorEvent, EnergyDetectorOptions } from './energy-detector.js';
import { LISTENER_PROCESSOR_NAME, LISTENER_WORKLET_SOURCE } from './listener-worklet.js';

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
  private release: (() => void) | null = null;
  private node: AudioWorkletNode | null = null;
  private avatarSpeaking = false;

  constructor(options: EnergyVadOptions) {
    this.options = options;
  }

  async start(handlers: VoiceActivityHandlers): Promise<void> {
    if (this.release) throw domError('The detector is already listening', 'InvalidStateError');
    const cleanups: Array<() => void> = [];
    const release = (): void => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          cleanup();
        } catch {
          // Best effort: a node may already be disconnected, a context closed.
        }
      }
    };
    this.release = release;
    try {
      const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
      if (!Context || typeof globalThis.AudioWorkletNode !== 'function') throw domError('Listening needs the Web Audio API with AudioWorklet (a browser)', 'NotSupportedError');
      let stream = this.options.mediaStream;
      if (!stream) {
        const mediaDevices = globalThis.navigator?.mediaDevices;
        if (!mediaDevices?.getUserMedia) throw domError('Listening needs navigator.mediaDevices.getUserMedia (a secure context)', 'NotSupportedError');
        const own = await mediaDevices.getUserMedia({ audio: microphoneConstraints(this.options.deviceId) });
        cleanups.push(() => own.getTracks().forEach((track) => track.stop()));
        stream = own;
      }
      const context = new Context();
      cleanups.push(() => void context.close().catch(() => undefined));
      if (context.state === 'suspended') await context.resume();
      const url = URL.createObjectURL(new Blob([LISTENER_WORKLET_SOURCE], { type: 'text/javascript' }));
      try {
        await context.audioWorklet.addModule(url);
      } finally {
        URL.revokeObjectURL(url);
      }
      if (this.release !== release) throw domError('Listening was stopped while starting', 'AbortError');

      const source = context.createMediaStreamSource(stream);
      cleanups.push(() => source.disconnect());
      const node = new AudioWorkletNode(context, LISTENER_PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        processorOptions: { detector: this.detectorSettings(), preRollMs: this.options.preRollMs },
      });
      const captured: Float32Array[] = [];
      node.port.onmessage = (event: MessageEvent<ListenerMessage>) => {
        const message = event.data;
        if (message.type === 'audio') captured.push(message.samples);
        else if (message.type === 'level') handlers.onLevel?.(message.rms);
        else if (message.type === 'vad') this.dispatch(message.event, captured, context.sampleRate, handlers);
      };
      cleanups.push(() => {
        node.port.onmessage = null;
        node.port.postMessage({ type: 'stop' });
        node.disconnect();
      });
      // A node is only processed while connected towards the destination; the muted gain keeps it silent.
      const mute = context.createGain();
      mute.gain.value = 0;
      cleanups.push(() => mute.disconnect());
      source.connect(node);
      node.connect(mute);
      mute.connect(context.destination);
      this.node = node;
    } catch (error) {
      release();
      if (this.release === release) this.release = null;
      throw error;
    }
  }

  stop(): void {
    const release = this.release;
    this.release = null;
    this.node = null;
    release?.();
  }

  setAvatarSpeaking(speaking: boolean): void {
    if (speaking === this.avatarSpeaking) return;
    this.avatarSpeaking = speaking;
    this.node?.port.postMessage({ type: 'update', detector: this.detectorSettings() });
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

function domError(message: string, name: string): Error {
  return typeof DOMException === 'function' ? new DOMException(message, name) : Object.assign(new Error(message), { name });
}
