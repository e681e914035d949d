/**
 * The hands-free listener as an actor: it runs a `VoiceActivityDetector`
 * while the chart is in `input.listening`, reports speech start and end (the
 * utterance as a 16 kHz WAV file, ready for `/stt/`), and makes the detector
 * stricter while the avatar speaks, following the session's own snapshots.
 */
import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import { ChatState } from '../../machines/chat-state.js';
import { toChatStates } from '../../machines/chat-states.js';
import type { SessionSnapshot } from '../../machines/chat-states.js';
import { TTS_TARGET_SAMPLE_RATE } from '../audio/constants.js';
import { loadAudioCodec } from '../audio/load-audio.js';
import type { Utterance, VoiceActivityDetector } from '../audio/vad/voice-listener.js';

export interface VoiceListenerInput {
  detector: VoiceActivityDetector;
  /** The session, whose snapshots say when the avatar speaks. */
  session: { subscribe(listener: (snapshot: unknown) => void): { unsubscribe(): void } };
  /** The input level (RMS 0…1), straight from the detector: too frequent to be a chart event. */
  onLevel?: (rms: number) => void;
}

export type VoiceListenerEvent =
  | { type: 'VOICE.READY' }
  | { type: 'VOICE.FAILED'; error: unknown }
  | { type: 'VOICE.SPEECH_START' }
  | { type: 'VOICE.SPEECH_END'; file: File; durationMs: number }
  | { type: 'VOICE.MISFIRE' };

export const voiceListener = fromCallback<EventObject, VoiceListenerInput>(({ input, sendBack }) => {
  const { detector, session, onLevel } = input;
  let running = true;
  const tell = (event: VoiceListenerEvent): void => {
    if (running) sendBack(event);
  };
  const subscription = session.subscribe((snapshot) => {
    detector.setAvatarSpeaking(toChatStates(snapshot as SessionSnapshot).has(ChatState.SPEAKING));
  });
  detector
    .start({
      onSpeechStart: () => tell({ type: 'VOICE.SPEECH_START' }),
      onSpeechEnd: (utterance) =>
        void utteranceFile(utterance).then(
          (file) => tell({ type: 'VOICE.SPEECH_END', file, durationMs: utterance.durationMs }),
          (error: unknown) => tell({ type: 'VOICE.FAILED', error }),
        ),
      onMisfire: () => tell({ type: 'VOICE.MISFIRE' }),
      ...(onLevel ? { onLevel } : {}),
    })
    .then(
      () => tell({ type: 'VOICE.READY' }),
      (error: unknown) => tell({ type: 'VOICE.FAILED', error }),
    );
  return () => {
    running = false;
    subscription.unsubscribe();
    detector.stop();
  };
});

/** The resampler and WAV encoder come with the lazy audio chunk (the built-in detector has loaded it already). */
async function utteranceFile(utterance: Utterance): Promise<File> {
  const { resample, encodeWav } = await loadAudioCodec();
  const samples = resample(utterance.audio, utterance.sampleRate, TTS_TARGET_SAMPLE_RATE);
  return new File([encodeWav(samples, TTS_TARGET_SAMPLE_RATE)], 'utterance.wav', { type: 'audio/wav' });
}
