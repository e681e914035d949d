/**
 * Hands-free listening: the microphone through a voice activity detector,
 * answering whole utterances. The `VoiceActivityDetector` interface is what a
 * session listens with; `energyVad()` is the built-in one (its detector runs
 * in an AudioWorklet), and any other (Silero, a server-side one) can be
 * plugged in by implementing the same three members. The detector's
 * worklet comes with the lazy audio chunk (load-audio.ts), not the SDK.
 */
import { loadAudioCodec } from '../load-audio.js';
import { domError } from '../worklet-graph.js';
import type { EnergyDetectorOptions } from './energy-detector.js';

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

export { microphoneConstraints } from './microphone-constraints.js';

/**
 * The built-in detector: energy over an adaptive noise floor, computed in an
 * AudioWorklet. A thin factory: the implementation (energy-listener.ts) loads
 * with the lazy audio chunk when listening starts.
 */
export function energyVad(options: EnergyVadOptions = {}): VoiceActivityDetector {
  let listener: VoiceActivityDetector | null = null;
  let avatarSpeaking = false;
  /** Bumped by `stop()`, so a `start()` still loading the chunk knows it was stopped. */
  let generation = 0;
  return {
    async start(handlers) {
      const started = generation;
      const { EnergyVad } = await loadAudioCodec();
      if (started !== generation) throw domError('Listening was stopped while starting', 'AbortError');
      listener ??= new EnergyVad(options);
      listener.setAvatarSpeaking(avatarSpeaking);
      await listener.start(handlers);
    },
    stop() {
      generation += 1;
      listener?.stop();
    },
    setAvatarSpeaking(speaking) {
      avatarSpeaking = speaking;
      listener?.setAvatarSpeaking(speaking);
    },
  };
}
