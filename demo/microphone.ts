/**
 * The talk button: first press starts STT recording, second press stops it,
 * and the transcript is sent as a chat message.
 */
import type { Session } from './sdk.js';
import type { ErrorBanner } from './error-banner.js';
import { byId } from './dom.js';
import { LevelMeter } from './level-meter.js';

type MicState = 'idle' | 'starting' | 'recording' | 'transcribing';

const LABELS: Record<MicState, string> = {
  idle: 'Talk',
  starting: 'Wait…',
  recording: 'Stop',
  transcribing: 'Wait…',
};

export interface MicrophoneOptions {
  errors: ErrorBanner;
  /** Called with a non-empty transcript. */
  onTranscript: (text: string) => void;
}

export class MicrophoneButton {
  private readonly button = byId('mic-button', HTMLButtonElement);
  private readonly label = byId('mic-label', HTMLSpanElement);
  private readonly meter = new LevelMeter();
  private session: Session | null = null;
  private state: MicState = 'idle';

  constructor(private readonly options: MicrophoneOptions) {
    this.button.addEventListener('click', () => void this.toggle());
    this.render();
  }

  /** The session to record for; null disables the button. */
  attach(session: Session | null): void {
    this.session = session;
    if (!session) {
      this.meter.stop();
      this.state = 'idle';
    }
    this.render();
  }

  private async toggle(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (this.state === 'idle') await this.start(session);
    else if (this.state === 'recording') await this.stop(session);
  }

  private async start(session: Session): Promise<void> {
    this.setState('starting');
    try {
      await session.startProcessSTT();
    } catch (error) {
      if (this.session !== session) return;
      this.setState('idle');
      this.options.errors.show('Could not start recording', error);
      return;
    }
    if (this.session !== session) return;
    this.setState('recording');
    this.meter.start().catch((error: unknown) => this.options.errors.show('The microphone level meter is unavailable', error));
  }

  private async stop(session: Session): Promise<void> {
    this.setState('transcribing');
    this.meter.stop();
    let text: string;
    try {
      text = await session.stopProcessSTT();
    } catch (error) {
      if (this.session === session) this.options.errors.show('Could not transcribe what you said', error);
      return;
    } finally {
      if (this.session === session) this.setState('idle');
    }
    if (text.trim() === '') this.options.errors.show('Nothing was heard. Press Talk and speak, then press Stop.');
    else this.options.onTranscript(text);
  }

  private setState(state: MicState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    this.button.dataset.state = this.state;
    this.button.setAttribute('aria-pressed', String(this.state === 'recording'));
    this.button.disabled = !this.session || this.state === 'starting' || this.state === 'transcribing';
    this.label.textContent = LABELS[this.state];
  }
}
