import { createPrng } from '../avatar/prng.js';

/** A measurable degradation of one session's link (fault injection); every field is optional. */
export interface LinkDegradationSpec {
  /** Send video at this rate instead of 25 fps (1-25). */
  fps?: number;
  /** Drop this share of the video frames that would be sent, at random (0 ≤ share < 1). */
  dropShare?: number;
  /** Answer each `ping` this many ms late (0-60000), in order. */
  pingDelayMs?: number;
}

/** The full video rate of the emulated avatar. */
export const FULL_FPS = 25;
export const MAX_PING_DELAY_MS = 60_000;

/**
 * Decides, frame by frame, which video frames a degraded link still sends,
 * and how late it answers pings. Repeatable: drops follow a seeded PRNG.
 */
export class LinkDegradation {
  private spec: LinkDegradationSpec = {};
  private credit = 0;
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = createPrng(seed);
  }

  get current(): LinkDegradationSpec {
    return { ...this.spec };
  }

  /** Replaces the degradation; `{}` restores the full link. */
  set(spec: LinkDegradationSpec): void {
    this.spec = { ...spec };
    this.credit = 0;
  }

  get pingDelayMs(): number {
    return this.spec.pingDelayMs ?? 0;
  }

  /** Whether the next video frame (of a 25 fps stream) is sent. */
  keepFrame(): boolean {
    const fps = this.spec.fps ?? FULL_FPS;
    this.credit += fps / FULL_FPS;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return !(this.spec.dropShare && this.random() < this.spec.dropShare);
  }
}
