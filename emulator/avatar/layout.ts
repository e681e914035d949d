/**
 * Where the figure sits in a frame of a given size. Everything scales from the
 * head's radii, which fit both landscape and portrait frames.
 */
export interface FigureLayout {
  width: number;
  height: number;
  /** Head centre and radii at rest (idle motion moves the head by up to `sway`/`bob` pixels). */
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Largest horizontal and vertical idle displacement of the head, in whole pixels. */
  sway: number;
  bob: number;
  mouth: MouthGeometry;
}

export interface MouthGeometry {
  /** Offset of the mouth centre below the head centre. */
  offsetY: number;
  /** Half width of the lips. */
  rx: number;
  /** Half height of the mouth opening, closed and fully open. */
  closedRy: number;
  openRy: number;
  /** Lip thickness around the opening. */
  lip: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function figureLayout(width: number, height: number): FigureLayout {
  const ry = Math.min(0.2 * height, 0.32 * width);
  const rx = 0.8 * ry;
  return {
    width,
    height,
    cx: width / 2,
    cy: 0.43 * height,
    rx,
    ry,
    sway: Math.max(1, Math.round(0.008 * width)),
    bob: Math.max(1, Math.round(0.01 * height)),
    mouth: {
      offsetY: 0.45 * ry,
      rx: 0.28 * rx,
      closedRy: Math.max(0.5, 0.01 * ry),
      openRy: 0.17 * ry,
      lip: Math.max(1.5, 0.035 * ry),
    },
  };
}

/**
 * The rectangle, in frame pixels, that holds the mouth whatever its opening
 * and the idle motion: measure lip-sync here. The mouth opening is the dark
 * interior (luma well below skin) inside it.
 */
export function mouthRect(width: number, height: number): Rect {
  const layout = figureLayout(width, height);
  const { mouth } = layout;
  const halfWidth = mouth.rx + layout.sway + 2;
  const halfHeight = mouth.openRy + mouth.lip + layout.bob + 2;
  const x = Math.max(0, Math.floor(layout.cx - halfWidth));
  const y = Math.max(0, Math.floor(layout.cy + mouth.offsetY - halfHeight));
  return {
    x,
    y,
    width: Math.min(width, Math.ceil(layout.cx + halfWidth)) - x,
    height: Math.min(height, Math.ceil(layout.cy + mouth.offsetY + halfHeight)) - y,
  };
}

/** Luma below which a pixel in the mouth rectangle counts as the open mouth's interior. */
export const MOUTH_INTERIOR_MAX_LUMA = 60;
