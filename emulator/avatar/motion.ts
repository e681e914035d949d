import { createPrng } from './prng.js';

/** The idle animation at one moment: head displacement in [-1, 1] of its range, eye opening in [0, 1]. */
export interface IdlePose {
  sway: number;
  bob: number;
  eyeOpen: number;
}

/** Idle motion advances in steps this long, so an idle avatar re-renders a few times a second, not 25. */
const MOTION_STEP_MS = 200;
const SWAY_PERIOD_MS = 6300;
const BOB_PERIOD_MS = 4100;
const BLINK_MS = 200;
const BLINK_MIN_GAP_MS = 3000;
const BLINK_GAP_SPREAD_MS = 2000;

/**
 * Head sway/bob and blinks, deterministic for a seed. Blink gaps (3–5 s) come
 * from the seeded PRNG; ask for times in increasing order.
 */
export class IdleMotion {
  private readonly random: () => number;
  private readonly phase: number;
  private nextBlinkAt: number;

  constructor(seed: number) {
    this.random = createPrng(seed);
    this.phase = this.random() * Math.PI * 2;
    this.nextBlinkAt = this.gap();
  }

  at(timeMs: number): IdlePose {
    while (timeMs >= this.nextBlinkAt + BLINK_MS) this.nextBlinkAt += BLINK_MS + this.gap();
    const stepped = Math.floor(timeMs / MOTION_STEP_MS) * MOTION_STEP_MS;
    return {
      sway: Math.sin((2 * Math.PI * stepped) / SWAY_PERIOD_MS + this.phase),
      bob: Math.sin((2 * Math.PI * stepped) / BOB_PERIOD_MS),
      eyeOpen: this.eyeOpenAt(timeMs),
    };
  }

  private eyeOpenAt(timeMs: number): number {
    if (timeMs < this.nextBlinkAt) return 1;
    const progress = (timeMs - this.nextBlinkAt) / BLINK_MS;
    // Close, then open: 1 → 0 → 1, in quarter steps so a blink is a handful of distinct frames.
    return Math.round(Math.abs(1 - 2 * progress) * 4) / 4;
  }

  private gap(): number {
    return BLINK_MIN_GAP_MS + this.random() * BLINK_GAP_SPREAD_MS;
  }
}

/** Mouth opening in [0, 1] from the RMS (full scale 32768) of the audio played during a frame. */
export function mouthOpening(rms: number): number {
  if (rms <= 0) return 0;
  const dbfs = 20 * Math.log10(rms / 32768);
  // −48 dBFS and below reads as closed, −12 dBFS and above as wide open; 12 steps keep frames comparable.
  const open = Math.max(0, Math.min(1, (dbfs + 48) / 36));
  return Math.round(open * 12) / 12;
}
