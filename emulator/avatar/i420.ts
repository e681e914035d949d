import type { Yuv } from './color.js';

/**
 * An I420 picture (Y plane, then U and V at half resolution) and the few
 * primitives the avatar needs. Shapes are filled span by span with
 * `TypedArray.fill`, which is what keeps a 1280×720 frame in about a
 * millisecond; luma span ends are blended by coverage so edges are not jagged.
 */
export class I420Image {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly chromaWidth: number;
  readonly chromaHeight: number;
  readonly uOffset: number;
  readonly vOffset: number;

  constructor(width: number, height: number) {
    if (width % 2 !== 0 || height % 2 !== 0 || width <= 0 || height <= 0) throw new RangeError(`I420 needs positive even dimensions, got ${width}×${height}`);
    this.width = width;
    this.height = height;
    this.chromaWidth = width / 2;
    this.chromaHeight = height / 2;
    this.uOffset = width * height;
    this.vOffset = this.uOffset + this.chromaWidth * this.chromaHeight;
    this.data = new Uint8Array(this.vOffset + this.chromaWidth * this.chromaHeight);
  }
}

/** Rows whose centre lies in [top, bottom) are painted; the rest are clipped. */
export interface VerticalClip {
  top?: number;
  bottom?: number;
}

type HalfWidthAt = (y: number) => number;

function blendLuma(data: Uint8Array, index: number, luma: number, coverage: number): void {
  const current = data[index] as number;
  data[index] = current + (luma - current) * coverage + 0.5;
}

function fillLumaSpan(image: I420Image, row: number, left: number, right: number, luma: number): void {
  const { width, data } = image;
  if (right <= 0 || left >= width || right <= left) return;
  const base = row * width;
  const firstFull = Math.ceil(left);
  const endFull = Math.floor(right);
  if (firstFull > endFull) {
    blendLuma(data, base + Math.floor(left), luma, right - left);
    return;
  }
  data.fill(luma, base + Math.max(firstFull, 0), base + Math.min(endFull, width));
  if (firstFull - 1 >= 0 && firstFull - left > 0) blendLuma(data, base + firstFull - 1, luma, firstFull - left);
  if (endFull < width && right - endFull > 0) blendLuma(data, base + endFull, luma, right - endFull);
}

function fillChromaSpan(image: I420Image, row: number, left: number, right: number, color: Yuv): void {
  const start = Math.max(0, Math.round(left / 2));
  const end = Math.min(image.chromaWidth, Math.round(right / 2));
  if (end <= start) return;
  const base = row * image.chromaWidth;
  image.data.fill(color.u, image.uOffset + base + start, image.uOffset + base + end);
  image.data.fill(color.v, image.vOffset + base + start, image.vOffset + base + end);
}

/** Paints a shape symmetric about `cx`, given its half width at each height (negative: outside). */
function fillSymmetric(image: I420Image, cx: number, top: number, bottom: number, halfWidthAt: HalfWidthAt, color: Yuv, clip: VerticalClip): void {
  const clipTop = Math.max(top, clip.top ?? top);
  const clipBottom = Math.min(bottom, clip.bottom ?? bottom);
  const firstRow = Math.max(0, Math.floor(clipTop - 0.5));
  const lastRow = Math.min(image.height - 1, Math.ceil(clipBottom));
  for (let row = firstRow; row <= lastRow; row++) {
    const centre = row + 0.5;
    if (centre < clipTop || centre >= clipBottom) continue;
    const half = halfWidthAt(centre);
    if (half > 0) fillLumaSpan(image, row, cx - half, cx + half, color.y);
    if ((row & 1) === 1) {
      // A chroma sample covers two luma rows; paint it when the pair's centre (the odd row's top edge) is inside.
      const pairCentre = row;
      if (pairCentre < clipTop || pairCentre >= clipBottom) continue;
      const pairHalf = halfWidthAt(pairCentre);
      if (pairHalf > 0) fillChromaSpan(image, row >> 1, cx - pairHalf, cx + pairHalf, color);
    }
  }
}

export function fillEllipse(image: I420Image, cx: number, cy: number, rx: number, ry: number, color: Yuv, clip: VerticalClip = {}): void {
  if (rx <= 0 || ry <= 0) return;
  const halfWidthAt = (y: number): number => {
    const d = (y - cy) / ry;
    return d >= 1 || d <= -1 ? -1 : rx * Math.sqrt(1 - d * d);
  };
  fillSymmetric(image, cx, cy - ry, cy + ry, halfWidthAt, color, clip);
}

export function fillRect(image: I420Image, left: number, top: number, right: number, bottom: number, color: Yuv): void {
  const half = (right - left) / 2;
  fillSymmetric(image, left + half, top, bottom, () => half, color, {});
}

/** A top-to-bottom gradient between two colours, one colour per row. */
export function fillVerticalGradient(image: I420Image, top: Yuv, bottom: Yuv): void {
  const { width, height, chromaWidth, data } = image;
  const at = (from: number, to: number, t: number): number => Math.round(from + (to - from) * t);
  for (let row = 0; row < height; row++) {
    const t = height > 1 ? row / (height - 1) : 0;
    data.fill(at(top.y, bottom.y, t), row * width, (row + 1) * width);
    if ((row & 1) === 0) {
      const chromaRow = row >> 1;
      const base = chromaRow * chromaWidth;
      data.fill(at(top.u, bottom.u, t), image.uOffset + base, image.uOffset + base + chromaWidth);
      data.fill(at(top.v, bottom.v, t), image.vOffset + base, image.vOffset + base + chromaWidth);
    }
  }
}
