/** The link-quality pill next to the connection state: the SDK's level, and its figures on hover. */
import type { Session } from './sdk.js';
import { byId } from './dom.js';

type Quality = NonNullable<ReturnType<Session['getConnectionQuality']>>;

const LABELS: Record<Quality['level'], string> = { excellent: 'Excellent link', good: 'Good link', poor: 'Poor link', lost: 'Link lost' };

export class ConnectionQualityView {
  private readonly pill = byId('connection-quality', HTMLSpanElement);

  attach(session: Session): () => void {
    const current = session.getConnectionQuality();
    if (current) this.show(current);
    return session.on('connection-quality', (quality) => this.show(quality));
  }

  clear(): void {
    this.pill.hidden = true;
    this.pill.dataset.level = '';
  }

  private show(quality: Quality): void {
    this.pill.hidden = false;
    this.pill.dataset.level = quality.level;
    this.pill.textContent = LABELS[quality.level];
    const f = quality.figures;
    this.pill.title = f
      ? `round trip ${f.rttMs ?? '–'} ms · ${f.videoFps ?? '–'} fps · loss ${f.packetLossPercent ?? '–'} % · jitter ${f.jitterMs ?? '–'} ms · freezes ${f.freezeCount ?? '–'} · concealed audio ${f.audioConcealmentPercent ?? '–'} %`
      : 'no figures while the link is down';
  }
}
