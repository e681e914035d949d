/**
 * The avatar's video and voice. Browsers may refuse to start audible playback
 * without a gesture: then the video plays muted and a button offers the sound.
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

  async attach(session: Session): Promise<void> {
    session.setSrc(this.video);
    this.video.muted = false;
    try {
      await this.video.play();
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) throw error;
      this.video.muted = true;
      this.enableSound.hidden = false;
      await this.video.play();
    }
  }

  detach(): void {
    this.video.pause();
    this.video.srcObject = null;
    this.video.muted = false;
    this.enableSound.hidden = true;
    this.placeholderText.innerHTML = this.initialPlaceholder;
    this.placeholder.hidden = false;
  }

  private async unmute(): Promise<void> {
    this.video.muted = false;
    try {
      await this.video.play();
      this.enableSound.hidden = true;
    } catch (error) {
      this.video.muted = true;
      this.errors.show('The browser still blocks the sound', error);
    }
  }
}
