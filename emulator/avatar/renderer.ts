import { mixRgb, rgbToYuv, type Rgb, type Yuv } from './color.js';
import { fillEllipse, fillRect, fillVerticalGradient, I420Image } from './i420.js';
import { figureLayout, type FigureLayout } from './layout.js';
import type { AvatarLook } from './looks.js';
import { IdleMotion } from './motion.js';

interface Palette {
  skin: Yuv;
  skinShade: Yuv;
  hair: Yuv;
  outfit: Yuv;
  outfitShade: Yuv;
  eyeWhite: Yuv;
  iris: Yuv;
  lash: Yuv;
  lips: Yuv;
  mouthInside: Yuv;
  backgroundTop: Yuv;
  backgroundBottom: Yuv;
}

const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const WHITE: Rgb = { r: 255, g: 255, b: 255 };

function paletteOf(look: AvatarLook): Palette {
  return {
    skin: rgbToYuv(look.skin),
    skinShade: rgbToYuv(mixRgb(look.skin, BLACK, 0.12)),
    hair: rgbToYuv(look.hair),
    outfit: rgbToYuv(look.outfit),
    outfitShade: rgbToYuv(mixRgb(look.outfit, BLACK, 0.25)),
    eyeWhite: rgbToYuv({ r: 246, g: 246, b: 242 }),
    iris: rgbToYuv({ r: 58, g: 44, b: 38 }),
    lash: rgbToYuv({ r: 40, g: 30, b: 30 }),
    lips: rgbToYuv({ r: 186, g: 86, b: 92 }),
    mouthInside: rgbToYuv({ r: 60, g: 12, b: 20 }),
    backgroundTop: rgbToYuv(mixRgb(look.background, WHITE, 0.25)),
    backgroundBottom: rgbToYuv(mixRgb(look.background, BLACK, 0.3)),
  };
}

/** What one frame shows: the renderer draws only when this differs from the previous frame. */
interface Pose {
  dx: number;
  dy: number;
  eyeOpen: number;
  mouth: number;
}

export interface RenderedFrame {
  image: I420Image;
  /** False when the previous picture was reused unchanged. */
  rendered: boolean;
}

/**
 * Draws the avatar straight into I420 (no RGBA pass). The background is drawn
 * once per size and copied; a frame is redrawn only when the pose changes.
 */
export class AvatarRenderer {
  private look: AvatarLook;
  private palette: Palette;
  private readonly motion: IdleMotion;
  private layout: FigureLayout;
  private image: I420Image;
  private background: I420Image;
  private lastPose: Pose | null = null;

  constructor(look: AvatarLook, seed: number, width: number, height: number) {
    this.look = look;
    this.palette = paletteOf(look);
    this.motion = new IdleMotion(seed);
    this.layout = figureLayout(width, height);
    this.image = new I420Image(width, height);
    this.background = this.drawBackground();
  }

  get width(): number {
    return this.image.width;
  }

  get height(): number {
    return this.image.height;
  }

  get currentLook(): AvatarLook {
    return this.look;
  }

  /** Even width and height; callers cap and round (see `fitFrameSize`). */
  setSize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.layout = figureLayout(width, height);
    this.image = new I420Image(width, height);
    this.background = this.drawBackground();
    this.lastPose = null;
  }

  setLook(look: AvatarLook): void {
    this.look = look;
    this.palette = paletteOf(look);
    this.background = this.drawBackground();
    this.lastPose = null;
  }

  /** The frame at `timeMs` (monotonic) with the mouth opened by `mouth` in [0, 1]. */
  render(timeMs: number, mouth: number): RenderedFrame {
    const idle = this.motion.at(timeMs);
    const pose: Pose = {
      dx: Math.round(idle.sway * this.layout.sway),
      dy: Math.round(idle.bob * this.layout.bob),
      eyeOpen: idle.eyeOpen,
      mouth,
    };
    const last = this.lastPose;
    if (last && last.dx === pose.dx && last.dy === pose.dy && last.eyeOpen === pose.eyeOpen && last.mouth === pose.mouth) {
      return { image: this.image, rendered: false };
    }
    this.image.data.set(this.background.data);
    this.drawFigure(pose);
    this.lastPose = pose;
    return { image: this.image, rendered: true };
  }

  private drawBackground(): I420Image {
    const background = new I420Image(this.layout.width, this.layout.height);
    fillVerticalGradient(background, this.palette.backgroundTop, this.palette.backgroundBottom);
    return background;
  }

  private drawFigure(pose: Pose): void {
    const { image, palette: p, look } = this;
    const { cx, cy, rx, ry } = this.layout;
    const hx = cx + pose.dx;
    const hy = cy + pose.dy;
    const bodyTop = cy + 1.2 * ry;

    if (look.hairStyle === 'long') fillEllipse(image, hx, hy + 0.35 * ry, 1.3 * rx, 1.5 * ry, p.hair);
    if (look.hairStyle === 'medium') fillEllipse(image, hx, hy - 0.05 * ry, 1.14 * rx, 1.06 * ry, p.hair, { bottom: hy + 0.35 * ry });
    fillRect(image, hx - 0.3 * rx, hy + 0.5 * ry, hx + 0.3 * rx, bodyTop + 0.3 * ry, p.skinShade);
    fillEllipse(image, cx, bodyTop + 1.25 * ry, 2.3 * rx, 1.3 * ry, p.outfit);
    fillEllipse(image, cx, bodyTop + 1.25 * ry, 0.9 * rx, 1.3 * ry, p.outfitShade, { top: bodyTop + 0.5 * ry });
    fillEllipse(image, hx, bodyTop, 0.38 * rx, 0.36 * ry, p.skinShade, { top: bodyTop });
    if (look.hairStyle !== 'long') {
      fillEllipse(image, hx - 0.97 * rx, hy + 0.05 * ry, 0.14 * rx, 0.2 * ry, p.skinShade);
      fillEllipse(image, hx + 0.97 * rx, hy + 0.05 * ry, 0.14 * rx, 0.2 * ry, p.skinShade);
    }
    fillEllipse(image, hx, hy, rx, ry, p.skin);
    this.drawFringe(hx, hy);
    this.drawEyes(hx, hy, pose.eyeOpen);
    fillEllipse(image, hx, hy + 0.17 * ry, 0.07 * rx, 0.1 * ry, p.skinShade);
    this.drawMouth(hx, hy, pose.mouth);
  }

  private drawFringe(hx: number, hy: number): void {
    const { image, palette: p, look } = this;
    const { rx, ry } = this.layout;
    if (look.hairStyle === 'short') {
      fillEllipse(image, hx, hy - 0.22 * ry, 1.04 * rx, 0.84 * ry, p.hair, { bottom: hy - 0.5 * ry });
      fillRect(image, hx - 0.97 * rx, hy - 0.55 * ry, hx - 0.88 * rx, hy - 0.25 * ry, p.hair);
      fillRect(image, hx + 0.88 * rx, hy - 0.55 * ry, hx + 0.97 * rx, hy - 0.25 * ry, p.hair);
      return;
    }
    fillEllipse(image, hx, hy - 0.2 * ry, 1.08 * rx, 0.9 * ry, p.hair, { bottom: hy - 0.42 * ry });
    // A side part: a longer lock on one side of the fringe.
    fillEllipse(image, hx - 0.5 * rx, hy - 0.45 * ry, 0.5 * rx, 0.3 * ry, p.hair);
  }

  private drawEyes(hx: number, hy: number, eyeOpen: number): void {
    const { image, palette: p } = this;
    const { rx, ry } = this.layout;
    const eyeY = hy - 0.08 * ry;
    for (const side of [-1, 1]) {
      const eyeX = hx + side * 0.36 * rx;
      fillRect(image, eyeX - 0.16 * rx, hy - 0.3 * ry, eyeX + 0.16 * rx, hy - 0.26 * ry, p.hair);
      const eyeRy = 0.11 * ry * eyeOpen;
      if (eyeRy < 1) {
        fillRect(image, eyeX - 0.17 * rx, eyeY - 1, eyeX + 0.17 * rx, eyeY + 1, p.lash);
        continue;
      }
      fillEllipse(image, eyeX, eyeY, 0.17 * rx, eyeRy, p.eyeWhite);
      fillEllipse(image, eyeX, eyeY, 0.085 * rx, 0.085 * rx, p.iris, { top: eyeY - eyeRy, bottom: eyeY + eyeRy });
    }
  }

  private drawMouth(hx: number, hy: number, opening: number): void {
    const { image, palette: p } = this;
    const { mouth } = this.layout;
    const my = hy + mouth.offsetY;
    const openRy = mouth.closedRy + (mouth.openRy - mouth.closedRy) * opening;
    fillEllipse(image, hx, my, mouth.rx, openRy + mouth.lip, p.lips);
    fillEllipse(image, hx, my, mouth.rx * 0.82, openRy, p.mouthInside);
  }
}
