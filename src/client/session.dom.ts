import { AvatarPlayback } from './avatar-playback.js';
import type { AutoplayBlocked } from './session-events.js';

/**
 * All the DOM the facade touches: the app's `<video>` element, kept showing
 * the avatar's current stream (a new peer connection brings a new one) and
 * played with autoplay recovery.
 */
export class AvatarVideo {
  private video: HTMLVideoElement | null = null;
  private stream: MediaStream | null = null;
  private readonly playback: AvatarPlayback;

  constructor(onAutoplayBlocked: (blocked: AutoplayBlocked) => void) {
    this.playback = new AvatarPlayback(onAutoplayBlocked);
  }

  /** `null` lets go of the element. */
  setElement(video: HTMLVideoElement | null): void {
    this.video = video;
    this.attach();
  }

  showStream(stream: MediaStream | null): void {
    this.stream = stream;
    this.attach();
  }

  /** The element the app gave (`setSrc`), if any. */
  get element(): HTMLVideoElement | null {
    return this.video;
  }

  get audioBlocked(): boolean {
    return this.playback.audioBlocked;
  }

  resumeAudio(): Promise<void> {
    return this.playback.resume(this.video);
  }

  private attach(): void {
    if (!this.video || !this.stream || this.video.srcObject === this.stream) return;
    this.video.srcObject = this.stream;
    void this.playback.play(this.video);
  }
}
