/**
 * The avatar's video and voice. Browsers may refuse to start audible playback
 * without a gesture: the SDK then plays the video muted and reports
 * `autoplay-blocked`, and a button offers the sound (`session.resumeAudio()`).
 */
import type { Session } from './sdk.js';
import type { ErrorBanner } from './error-banner.js';
import { byId } from './dom.js';

export class AvatarVideo {
  private readonly video = byId('avatar-video', HTMLVideoElement);
  private readonly placeholder = byId('video-placeholder', HTMLDivElement);
  private readonly placeholderText = byId('video-placeholder-text', HTMLParagraphElement);
  private readonly enableSound = byId('enable-sound', HTMLButtonElement);
  private readonly initialPlaceholder = this.placeholderText.innerHTML;
  private session: Session | null = null;
  private stopListening: () => void = () => undefined;

  constructor(private readonly errors: ErrorBanner) {
    this.enableSound.addEventListener('click', () => void this.unmute());
    this.video.addEventListener('playing', () => {
      this.placeholder.hidden = true;
    });
  }

  showMessage(text: string): void {
    this.placeholderText.textContent = text;
    this.placeholder.hidden = false;
  }

  attach(session: Session): void {
    this.session = session;
    this.stopListening = session.on('autoplay-blocked', () => {
      this.enableSound.hidden = false;
    });
    session.setSrc(this.video);
    this.enableSound.hidden = !session.isAudioBlocked();
  }

  detach(): void {
    this.stopListening();
    this.session = null;
    this.video.pause();
    this.video.srcObject = null;
    this.video.muted = false;
    this.enableSound.hidden = true;
    this.placeholderText.innerHTML = this.initialPlaceholder;
    this.placeholder.hidden = false;
  }

  private async unmute(): Promise<void> {
    try {
      await this.session?.resumeAudio();
      this.enableSound.hidden = true;
    } catch (error) {
      this.errors.show('The browser still blocks the sound', error);
    }
  }
}
