/**
 * Ends sessions nobody uses and forgets old ones, on one unref'd interval:
 * - never connected within `connectMs` → SESSION_EXPIRED_BEFORE_CONNECTION;
 * - running without a WebRTC link (REST-only sessions) and silent for
 *   `idleMs` (no request, no SESSION_DURING heartbeat) → SESSION_LOST_AFTER_CONNECTION;
 * - terminated more than `retainMs` ago → removed from the store.
 * Sessions with a WebRTC link are ended by their peer, which notices a dead link itself.
 */
import type { SessionStore } from './store.js';

export interface ReaperTimeouts {
  /** How long a session may stay CREATED/EXCHANGED. @default 60000 */
  connectMs: number;
  /** How long a running REST-only session may stay silent. @default 120000 */
  idleMs: number;
  /** How long a terminated session stays readable. @default 600000 */
  retainMs: number;
  /** How often to check. @default 1000 */
  intervalMs: number;
}

export const DEFAULT_REAPER_TIMEOUTS: ReaperTimeouts = { connectMs: 60_000, idleMs: 120_000, retainMs: 600_000, intervalMs: 1_000 };

export class SessionReaper {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: SessionStore,
    private readonly timeouts: ReaperTimeouts,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.sweep(), this.timeouts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  sweep(): void {
    const now = this.now();
    for (const record of this.store.all()) {
      if (record.status === 'TERMINATED') {
        if (now - (record.endedAt ?? now) > this.timeouts.retainMs) this.store.delete(record.id);
      } else if (record.status === 'CREATED' || record.status === 'EXCHANGED') {
        if (now - record.createdAt > this.timeouts.connectMs) {
          this.store.terminate(record, 'SESSION_EXPIRED_BEFORE_CONNECTION', `not connected within ${this.timeouts.connectMs} ms`);
        }
      } else if (!record.peer && now - record.lastActivityAt > this.timeouts.idleMs) {
        this.store.terminate(record, 'SESSION_LOST_AFTER_CONNECTION', `no activity for ${this.timeouts.idleMs} ms`);
      }
    }
  }
}
