/**
 * `perso-interactive-sdk-web/vad-silero`: Silero VAD (through
 * `@ricky0123/vad-web`, an optional peer dependency) as a
 * `VoiceActivityDetector` for hands-free listening. Never part of the core
 * bundle: the model and onnxruntime's WebAssembly are fetched from
 * `baseAssetPath` / `onnxWASMBasePath` when listening starts.
 *
 * ```ts
 * import { sileroVad } from 'perso-interactive-sdk-web/vad-silero';
 * await session.startListening({ vad: sileroVad({ baseAssetPath: '/vad/', onnxWASMBasePath: '/vad/' }) });
 * ```
 */
import { MicVAD } from '@ricky0123/vad-web';
import type { RealTimeVADOptions } from '@ricky0123/vad-web';
import { microphoneConstraints } from '../src/audio/vad/voice-listener.js';
import type { VoiceActivityDetector, VoiceActivityHandlers } from '../src/audio/vad/voice-listener.js';

/** Silero's own sample rate: `onSpeechEnd` hands over 16 kHz audio. */
const SILERO_SAMPLE_RATE = 16_000;

export interface SileroVadOptions {
  /** Where `vad.worklet.bundle.min.js` and the `.onnx` models are served (with a trailing slash). */
  baseAssetPath: string;
  /** Where onnxruntime-web's `.wasm` / `.mjs` files are served (with a trailing slash). */
  onnxWASMBasePath: string;
  /** @default 'v5' */
  model?: 'v5' | 'legacy';
  /** Speech probability that starts speech. @default 0.5 */
  positiveSpeechThreshold?: number;
  /** Probability under which a frame is silence. @default positiveSpeechThreshold - 0.15 */
  negativeSpeechThreshold?: number;
  /** Silence that ends an utterance, in ms. @default 700 */
  silenceMs?: number;
  /** Shorter speech is a misfire, in ms. @default 200 */
  minSpeechMs?: number;
  /** Audio kept from before speech began, in ms. @default 300 */
  preRollMs?: number;
  /** `positiveSpeechThreshold` while the avatar speaks. @default min(positive + 0.2, 0.95) */
  bargeInSpeechThreshold?: number;
  /** `minSpeechMs` while the avatar speaks. @default max(minSpeechMs, 300) */
  bargeInMinSpeechMs?: number;
  deviceId?: string;
  /** Listen to this stream instead of opening the microphone; its tracks are left running. */
  mediaStream?: MediaStream;
}

export function sileroVad(options: SileroVadOptions): VoiceActivityDetector {
  const positive = options.positiveSpeechThreshold ?? 0.5;
  const minSpeechMs = options.minSpeechMs ?? 200;
  const thresholds = (avatarSpeaking: boolean): Pick<RealTimeVADOptions, 'positiveSpeechThreshold' | 'negativeSpeechThreshold' | 'minSpeechMs'> => {
    const start = avatarSpeaking ? (options.bargeInSpeechThreshold ?? Math.min(positive + 0.2, 0.95)) : positive;
    return {
      positiveSpeechThreshold: start,
      negativeSpeechThreshold: Math.min(options.negativeSpeechThreshold ?? positive - 0.15, start),
      minSpeechMs: avatarSpeaking ? (options.bargeInMinSpeechMs ?? Math.max(minSpeechMs, 300)) : minSpeechMs,
    };
  };
  let vad: MicVAD | null = null;
  let avatarSpeaking = false;
  let generation = 0;

  return {
    async start(handlers: VoiceActivityHandlers): Promise<void> {
      if (vad) throw Object.assign(new Error('The detector is already listening'), { name: 'InvalidStateError' });
      const started = ++generation;
      const own = !options.mediaStream;
      const created = await MicVAD.new({
        model: options.model ?? 'v5',
        baseAssetPath: options.baseAssetPath,
        onnxWASMBasePath: options.onnxWASMBasePath,
        redemptionMs: options.silenceMs ?? 700,
        preSpeechPadMs: options.preRollMs ?? 300,
        ...thresholds(avatarSpeaking),
        getStream: async () => options.mediaStream ?? navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints(options.deviceId) }),
        pauseStream: async (stream) => {
          if (own) stream.getTracks().forEach((track) => track.stop());
        },
        onSpeechRealStart: () => handlers.onSpeechStart(),
        onVADMisfire: () => handlers.onMisfire?.(),
        onSpeechEnd: (audio) => handlers.onSpeechEnd({ audio, sampleRate: SILERO_SAMPLE_RATE, durationMs: (audio.length / SILERO_SAMPLE_RATE) * 1000 }),
        onFrameProcessed: (_probabilities, frame) => {
          if (!handlers.onLevel) return;
          let sum = 0;
          for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
          handlers.onLevel(Math.sqrt(sum / Math.max(frame.length, 1)));
        },
        startOnLoad: false,
      });
      if (started !== generation) {
        await created.destroy();
        throw Object.assign(new Error('Listening was stopped while starting'), { name: 'AbortError' });
      }
      vad = created;
      await created.start();
    },
    stop(): void {
      generation += 1;
      const current = vad;
      vad = null;
      void current?.destroy().catch(() => undefined);
    },
    setAvatarSpeaking(speaking: boolean): void {
      if (speaking === avatarSpeaking) return;
      avatarSpeaking = speaking;
      vad?.setOptions(thresholds(speaking));
    },
  };
}

export type { VoiceActivityDetector, VoiceActivityHandlers, Utterance } from '../src/audio/vad/voice-listener.js';
