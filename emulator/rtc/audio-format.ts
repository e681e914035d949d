/** Rate of the avatar's voice track: Flite speaks 16 kHz, and libwebrtc resamples for Opus itself. */
export const PLAYOUT_RATE = 16_000;
/** libwebrtc audio sources take 10 ms frames. */
export const AUDIO_FRAME_MS = 10;
export const SAMPLES_PER_FRAME = (PLAYOUT_RATE * AUDIO_FRAME_MS) / 1000;
/** 25 fps: one video frame every 4 audio frames. */
export const AUDIO_FRAMES_PER_VIDEO_FRAME = 4;

export function durationMs(sampleCount: number, sampleRate: number): number {
  return Math.round((sampleCount / sampleRate) * 1000);
}
