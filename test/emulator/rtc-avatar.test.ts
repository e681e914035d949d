import { describe, expect, it } from 'vitest';
import { fitFrameSize } from '../../emulator/avatar/frame-size.js';
import { figureLayout, mouthRect, MOUTH_INTERIOR_MAX_LUMA } from '../../emulator/avatar/layout.js';
import { lookFor } from '../../emulator/avatar/looks.js';
import { IdleMotion, mouthOpening } from '../../emulator/avatar/motion.js';
import { AvatarRenderer } from '../../emulator/avatar/renderer.js';
import type { I420Image } from '../../emulator/avatar/i420.js';

const aria = lookFor({ name: 'aria', model: 'aria', style: 'casual' });
const leo = lookFor({ name: 'leo', model: 'leo', style: 'formal' });

function darkMouthPixels(image: I420Image): number {
  const rect = mouthRect(image.width, image.height);
  let dark = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) if ((image.data[y * image.width + x] as number) <= MOUTH_INTERIOR_MAX_LUMA) dark++;
  }
  return dark;
}

const lumaAt = (image: I420Image, x: number, y: number) => image.data[Math.round(y) * image.width + Math.round(x)] as number;
const chromaAt = (image: I420Image, x: number, y: number) => {
  const index = (Math.round(y) >> 1) * image.chromaWidth + (Math.round(x) >> 1);
  return [image.data[image.uOffset + index], image.data[image.vOffset + index]];
};

describe('avatar frame size', () => {
  it.each([
    [640, 360, 640, 360],
    [1920, 1080, 1280, 720],
    [1080, 1920, 720, 1280],
    [641, 361, 640, 360],
    [3000, 500, 1280, 212],
    [3, 3, 16, 16],
  ])('%i×%i renders as %i×%i', (width, height, expectedWidth, expectedHeight) => {
    expect(fitFrameSize(width, height)).toEqual({ width: expectedWidth, height: expectedHeight });
  });

  it('rejects sizes that are not positive numbers', () => {
    for (const [width, height] of [[0, 100], [-1, 100], [Number.NaN, 100], [Infinity, 100], ['640', 360]]) expect(fitFrameSize(width, height)).toBeNull();
  });
});

describe('avatar renderer', () => {
  it('opens the mouth with the audio loudness, inside the exported mouth rectangle', () => {
    const counts = [0, 0.25, 0.5, 0.75, 1].map((opening) => darkMouthPixels(new AvatarRenderer(aria, 1, 640, 360).render(0, opening).image));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1] as number);
    expect(counts[0]).toBeLessThan(40);
    expect(counts[4]).toBeGreaterThan(400);
  });

  it('maps loudness to mouth opening: silence closed, speech open, in 12 steps', () => {
    expect(mouthOpening(0)).toBe(0);
    expect(mouthOpening(50)).toBe(0);
    expect(mouthOpening(3000)).toBeGreaterThan(0.4);
    expect(mouthOpening(32767)).toBe(1);
    expect(mouthOpening(1000) * 12).toBe(Math.round(mouthOpening(1000) * 12));
  });

  it('reuses the previous picture while nothing changes, and re-renders only a few times a second when idle', () => {
    const renderer = new AvatarRenderer(aria, 7, 640, 360);
    let rendered = 0;
    for (let frame = 0; frame < 250; frame++) if (renderer.render(frame * 40, 0).rendered) rendered++;
    // 10 s at 25 fps: motion moves in 200 ms steps (≤ 50) plus a few blinks.
    expect(rendered).toBeLessThan(80);
    expect(rendered).toBeGreaterThan(5);
    const speaking = new AvatarRenderer(aria, 7, 640, 360);
    let renderedSpeaking = 0;
    for (let frame = 0; frame < 50; frame++) if (speaking.render(frame * 40, (frame % 3) / 2).rendered) renderedSpeaking++;
    expect(renderedSpeaking).toBe(50);
  });

  it('blinks every 3 to 5 seconds, the same way for the same session', () => {
    const blinkStarts = (seed: number) => {
      const motion = new IdleMotion(seed);
      const starts: number[] = [];
      let open = true;
      for (let t = 0; t < 30_000; t += 20) {
        const closing = motion.at(t).eyeOpen < 1;
        if (closing && open) starts.push(t);
        open = !closing;
      }
      return starts;
    };
    const starts = blinkStarts(42);
    expect(starts.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < starts.length; i++) {
      const gap = (starts[i] as number) - (starts[i - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(3000);
      expect(gap).toBeLessThanOrEqual(5300);
    }
    expect(blinkStarts(42)).toEqual(starts);
    expect(blinkStarts(43)).not.toEqual(starts);
  });

  it('draws two clearly different model styles, and an outfit from the catalog configs', () => {
    const at = (look: typeof aria) => new AvatarRenderer(look, 1, 640, 360).render(0, 0).image;
    const a = at(aria);
    const l = at(leo);
    const { cx, cy, rx, ry } = figureLayout(640, 360);
    // Long hair beside the jaw for aria only; the outfit colour below the neckline differs.
    expect(Math.abs(lumaAt(a, cx - 1.15 * rx, cy + 0.5 * ry) - lumaAt(l, cx - 1.15 * rx, cy + 0.5 * ry))).toBeGreaterThan(40);
    expect(chromaAt(a, cx - 1.5 * rx, cy + 2 * ry)).not.toEqual(chromaAt(l, cx - 1.5 * rx, cy + 2 * ry));
    const teal = lookFor({ name: 'aria', model: 'aria', style: 'x', configs: [{ key: 'outfit', value: 'teal' }] });
    expect(chromaAt(at(teal), cx - 1.5 * rx, cy + 2 * ry)).not.toEqual(chromaAt(a, cx - 1.5 * rx, cy + 2 * ry));
    expect(lookFor({ name: 'x', model: 'nobody', style: 'y' }).model).toBe('default');
  });

  it('renders portrait and small sizes without drawing outside the frame', () => {
    for (const [width, height] of [[360, 640], [16, 16], [1280, 720], [720, 1280]] as const) {
      const { image } = new AvatarRenderer(leo, 3, width, height).render(1234, 1);
      expect(image.data.length).toBe((width * height * 3) / 2);
    }
  });

  it('renders a 1280×720 speaking frame in well under a frame interval', () => {
    const renderer = new AvatarRenderer(aria, 1, 1280, 720);
    const start = performance.now();
    for (let frame = 0; frame < 100; frame++) renderer.render(frame * 40, (frame % 12) / 12);
    // 40 ms is the frame interval; even a loaded shared core stays far below it.
    expect((performance.now() - start) / 100).toBeLessThan(10);
  });
});
