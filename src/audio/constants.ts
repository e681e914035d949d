/** The sample rate the Perso STT and STF pipelines expect (Hz). */
export const TTS_TARGET_SAMPLE_RATE = 16000;
