/** The encoded avatar is at most this big: the long side ≤ 1280, the short side ≤ 720 (so portrait 720×1280 is allowed). */
export const MAX_LONG_SIDE = 1280;
export const MAX_SHORT_SIDE = 720;
export const MIN_SIDE = 16;

export interface FrameSize {
  width: number;
  height: number;
}

const even = (value: number): number => Math.max(MIN_SIDE, Math.floor(value / 2) * 2);

/**
 * The size to render for a requested `change-size`: scaled down (never up) to
 * the cap keeping the aspect ratio, rounded down to even numbers, at least
 * 16 pixels a side. Null for sizes that are not positive finite numbers.
 */
export function fitFrameSize(width: unknown, height: unknown): FrameSize | null {
  if (typeof width !== 'number' || typeof height !== 'number') return null;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return null;
  const scale = Math.min(1, MAX_LONG_SIDE / Math.max(width, height), MAX_SHORT_SIDE / Math.min(width, height));
  return { width: even(width * scale), height: even(height * scale) };
}
