/** What the emulator needs from a speech synthesiser. */
export interface SynthesizedSpeech {
  /** 16-bit mono PCM. */
  samples: Int16Array;
  sampleRate: 16000;
}

export interface TtsEngine {
  /** Speaks `text` with `voice` (a Flite voice id: slt, kal16, awb, rms). */
  synthesize(text: string, voice: string): Promise<SynthesizedSpeech>;
  readonly description: string;
  close(): Promise<void>;
}
