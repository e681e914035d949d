/**
 * The Hands-free switch: while on, the session listens by itself (voice
 * activity detection), each utterance becomes a spoken turn, and speaking
 * over the avatar interrupts it. The indicator says who is speaking.
 */
import type { ErrorBanner } from './error-banner.js';
import { byId } from './dom.js';
import type { Session } from './sdk.js';

type Speaker = 'off' | 'starting' | 'listening' | 'user' | 'transcribing' | 'avatar';

const LABELS: Record<Speaker, string> = {
  off: 'Hands-free is off',
  starting: 'Opening the microphone…',
  listening: 'Listening — just talk',
  user: 'You are speaking',
  transcribing: 'Understanding you…',
  avatar: 'The avatar is speaking — talk to interrupt',
};

export class HandsFreeSwitch {
  private readonly toggle = byId('hands-free-toggle', HTMLInputElement);
  private readonly indicator = byId('hands-free-indicator', HTMLSpanElement);
  private session: Session | null = null;
  private cleanups: Array<() => void> = [];
  private avatarSpeaking = false;

  constructor(private readonly errors: ErrorBanner) {
    this.toggle.addEventListener('change', () => void this.switched());
    this.render('off');
  }

  /** The session to listen for; null turns the switch off and disables it. */
  attach(session: Session | null): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.session = session;
    this.toggle.checked = false;
    this.toggle.disabled = session === null;
    this.avatarSpeaking = false;
    if (session) {
      const follow = (): void => this.render(this.speaker(session));
      this.cleanups = [
        session.on('listening-state', follow),
        session.subscribeChatStates((states) => {
          this.avatarSpeaking = states.has('SPEAKING');
          follow();
        }),
        session.on('barge-in', follow),
      ];
    }
    this.render('off');
  }

  private async switched(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (!this.toggle.checked) {
      session.stopListening();
      this.render('off');
      return;
    }
    this.render('starting');
    try {
      await session.startListening();
    } catch (error) {
      if (this.session !== session) return;
      this.toggle.checked = false;
      this.render('off');
      this.errors.show('Could not start hands-free listening', error);
    }
  }

  private speaker(session: Session): Speaker {
    const state = session.getListeningState();
    if (state === 'off') return 'off';
    if (state === 'starting') return 'starting';
    if (state === 'user-speaking') return 'user';
    if (state === 'transcribing') return 'transcribing';
    return this.avatarSpeaking ? 'avatar' : 'listening';
  }

  private render(speaker: Speaker): void {
    this.indicator.textContent = LABELS[speaker];
    this.indicator.dataset.speaker = speaker;
  }
}
