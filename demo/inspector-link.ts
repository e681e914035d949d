/**
 * "Open live inspector": streams the running session's statecharts to the
 * emulator's inspector hub, then lets the link open /inspector in a new tab.
 */
import { attachInspector, type InspectorAttachment } from '../inspector/attach.js';
import type { Session } from './sdk.js';
import type { ErrorBanner } from './error-banner.js';
import { byId } from './dom.js';

export class InspectorLink {
  private readonly link = byId('inspector-link', HTMLAnchorElement);
  private session: Session | null = null;
  private attachment: InspectorAttachment | null = null;

  constructor(private readonly errors: ErrorBanner) {
    this.link.addEventListener('click', () => this.attachOnce());
  }

  /** The session to inspect; null detaches. */
  attach(session: Session | null): void {
    if (session !== this.session) this.detach();
    this.session = session;
    this.link.title = session ? 'Streams this session’s statecharts to the inspector' : 'Start a session to see it in the inspector';
  }

  private attachOnce(): void {
    if (!this.session || this.attachment) return;
    try {
      this.attachment = attachInspector(this.session, { url: location.origin, label: `demo ${this.session.getSessionId()}` });
    } catch (error) {
      this.errors.show('Could not attach the inspector', error);
    }
  }

  private detach(): void {
    this.attachment?.detach();
    this.attachment = null;
  }
}
