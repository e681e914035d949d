import type { AutoplayBlocked } from './session-events.js';

const isNotAllowed = (error: unknown): error is Error => error instanceof Error && error.name === 'NotAllowedError';

/**
 * Plays the avatar's video element and recovers from autoplay blocking:
 * when the browser refuses `play()` with sound until a user gesture
 * (`NotAllowedError`), the video plays muted (muted autoplay is always
 * allowed), the block is reported once, and `resume()` — called from a user
 * gesture — unmutes and plays.
 */
export class AvatarPlayback {
  private blocked = false;

  constructor(private readonly onBlocked: (blocked: AutoplayBlocked) => void) {}

  get audioBlocked(): boolean {
    return this.blocked;
  }

  /** Starts `video` (just given a new stream). Never rejects: a refusal is reported, anything else is the browser's business. */
  async play(video: HTMLVideoElement): Promise<void> {
    if (typeof video.play !== 'function') return;
    if (this.blocked) video.muted = true;
    try {
      await video.play();
      return;
    } catch (error) {
      // AbortError: a newer srcObject or pause() interrupted this play(); the newer call decides.
      if (!isNotAllowed(error) || this.blocked) return;
      this.blocked = true;
      video.muted = true;
      const mutedPlayback = await video.play().then(
        () => true,
        () => false,
      );
      this.onBlocked({ error, mutedPlayback });
    }
  }

  /**
   * Turns the sound on: call it from a user gesture (a click handler). Rejects
   * with the browser's `NotAllowedError` when it still refuses (no gesture),
   * leaving the video playing muted.
   */
  async resume(video: HTMLVideoElement | null): Promise<void> {
    if (!this.blocked || !video) return;
    video.muted = false;
    try {
      await video.play();
      this.blocked = false;
    } catch (error) {
      video.muted = true;
      await video.play().catch(() => undefined);
      throw error;
    }
  }
}
