/**
 * One real-time clock for a session's media: it calls `onFrame` once per
 * `frameMs` of wall time, aiming every wake-up at an absolute time (so
 * timer lateness never accumulates into drift), and waking every `tickMs`
 * to hand over the frames that fell due since the last wake-up. After a
 * stall longer than `maxBacklogFrames`, the older frames are skipped rather
 * than burst out, as a live source would. `now` is the time source
 * (milliseconds, monotonic); tests pass a clock they move themselves.
 */
export class MediaClock {
  private startedAt = 0;
  private emitted = 0;
  private timer: NodeJS.Timeout | null = null;
  skippedFrames = 0;

  constructor(
    private readonly frameMs: number,
    private readonly tickMs: number,
    private readonly maxBacklogFrames: number,
    private readonly onFrame: (index: number, timeMs: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.startedAt = this.now();
    this.emitted = 0;
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const elapsed = this.now() - this.startedAt;
    const nextWake = (Math.floor(elapsed / this.tickMs) + 1) * this.tickMs;
    this.timer = setTimeout(() => this.wake(), Math.max(0, nextWake - elapsed));
  }

  private wake(): void {
    const due = Math.floor((this.now() - this.startedAt) / this.frameMs);
    if (due - this.emitted > this.maxBacklogFrames) {
      this.skippedFrames += due - this.maxBacklogFrames - this.emitted;
      this.emitted = due - this.maxBacklogFrames;
    }
    while (this.emitted <= due && this.timer) {
      this.onFrame(this.emitted, this.emitted * this.frameMs);
      this.emitted++;
    }
    if (this.timer) this.schedule();
  }
}
