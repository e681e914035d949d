/**
 * Round trips of `ping` on the message channel. Pings carry no id
 * (PROTOCOL.md), and the server answers them in order on an ordered channel,
 * so each answer belongs to the oldest ping still waiting. A ping unanswered
 * for `giveUpMs` counts as lost, so pings dropped during an outage do not
 * pair with later answers for long.
 */
export class PingRoundTrips {
  private waiting: number[] = [];
  private measured: number[] = [];

  constructor(private readonly now: () => number = () => performance.now(), private readonly giveUpMs = 5000) {}

  sent(): void {
    this.forgetLost();
    this.waiting.push(this.now());
  }

  answered(): void {
    this.forgetLost();
    const sentAt = this.waiting.shift();
    if (sentAt !== undefined) this.measured.push(this.now() - sentAt);
  }

  /** The round trips measured since the last call (ms, in order), and how long the oldest ping still waiting has waited. */
  take(): { roundTripsMs: number[]; oldestWaitingMs: number | null } {
    this.forgetLost();
    const roundTripsMs = this.measured;
    this.measured = [];
    const oldest = this.waiting[0];
    return { roundTripsMs, oldestWaitingMs: oldest === undefined ? null : this.now() - oldest };
  }

  /** A new link: nothing sent on the old one will be answered. */
  reset(): void {
    this.waiting = [];
    this.measured = [];
  }

  private forgetLost(): void {
    const cutoff = this.now() - this.giveUpMs;
    while (this.waiting.length > 0 && (this.waiting[0] as number) < cutoff) this.waiting.shift();
  }
}
