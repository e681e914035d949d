/**
 * Hands-free options, as `startListening()` and `createSession({ handsFree })`
 * take them, turned into what the chart's `listening` region runs.
 */
import type { ListeningRequest } from '../../machines/session.types.js';
import { energyVad } from '../audio/vad/voice-listener.js';
import type { VoiceActivityDetector } from '../audio/vad/voice-listener.js';
import { InvalidArgumentError } from '../errors.js';

export interface ListeningOptions {
  /** The detector to listen with. @default energyVad() with the options below */
  vad?: VoiceActivityDetector;
  /** Silence that ends an utterance, in ms (built-in detector). @default 700 */
  silenceMs?: number;
  /** Shorter sounds are ignored, in ms (built-in detector). @default 200 */
  minSpeechMs?: number;
  /** Speech needed before it interrupts the avatar, in ms (built-in detector). @default max(minSpeechMs, 300) */
  bargeInMinSpeechMs?: number;
  /** Speaking while the avatar answers interrupts it, as `clearBuffer()` does. @default true */
  bargeIn?: boolean;
  /** The STT language of the utterances. */
  language?: string;
  /** The microphone to open (built-in detector). */
  deviceId?: string;
  /** The input level (RMS 0…1) about every 60 ms, for a meter. */
  onLevel?: (rms: number) => void;
}

/**
 * `microphone` is a stream the session holds already (a voice-chat session's uplink): the built-in detector
 * listens to it rather than opening the microphone a second time.
 */
export function toListeningRequest(options: ListeningOptions | undefined, speak: boolean, microphone: MediaStream | null = null): ListeningRequest {
  const given = options ?? {};
  if (typeof given !== 'object') throw new InvalidArgumentError('options', 'must be an object of listening options');
  for (const name of ['silenceMs', 'minSpeechMs', 'bargeInMinSpeechMs'] as const) {
    const value = given[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new InvalidArgumentError(name, 'must be a non-negative number of milliseconds');
    }
  }
  if (given.vad !== undefined && (typeof given.vad?.start !== 'function' || typeof given.vad.stop !== 'function' || typeof given.vad.setAvatarSpeaking !== 'function')) {
    throw new InvalidArgumentError('vad', 'must be a VoiceActivityDetector (start, stop, setAvatarSpeaking)');
  }
  const detector =
    given.vad ??
    energyVad({
      ...(given.silenceMs !== undefined ? { silenceMs: given.silenceMs } : {}),
      ...(given.minSpeechMs !== undefined ? { minSpeechMs: given.minSpeechMs } : {}),
      ...(given.bargeInMinSpeechMs !== undefined ? { bargeInMinSpeechMs: given.bargeInMinSpeechMs } : {}),
      ...(given.deviceId ? { deviceId: given.deviceId } : {}),
      ...(microphone && !given.deviceId ? { mediaStream: microphone } : {}),
    });
  return {
    detector,
    bargeIn: given.bargeIn ?? true,
    speak,
    ...(given.language ? { language: given.language } : {}),
    ...(given.onLevel ? { onLevel: given.onLevel } : {}),
  };
}
