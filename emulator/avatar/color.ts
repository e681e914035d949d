/** A colour in the I420 planes (BT.601 limited range, the matrix libyuv and libwebrtc use). */
export interface Yuv {
  y: number;
  u: number;
  v: number;
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const clampByte = (value: number): number => Math.max(0, Math.min(255, Math.round(value)));

export function rgbToYuv({ r, g, b }: Rgb): Yuv {
  return {
    y: clampByte(0.257 * r + 0.504 * g + 0.098 * b + 16),
    u: clampByte(-0.148 * r - 0.291 * g + 0.439 * b + 128),
    v: clampByte(0.439 * r - 0.368 * g - 0.071 * b + 128),
  };
}

const NAMED_COLORS: Readonly<Record<string, string>> = {
  teal: '#1f9e9a',
  orange: '#e8772e',
  red: '#c8323c',
  blue: '#2f7dd1',
  navy: '#1f2f5c',
  green: '#3c9a4b',
  purple: '#8a3ab9',
  pink: '#e27aa8',
  yellow: '#e6c229',
  black: '#202024',
  white: '#f2f2f2',
  grey: '#8a8d93',
  gray: '#8a8d93',
  brown: '#7a4b2a',
};

/** `#rgb`, `#rrggbb` or a colour name from the small table above; null when unreadable. */
export function parseColor(text: string): Rgb | null {
  const named = NAMED_COLORS[text.trim().toLowerCase()];
  const hex = (named ?? text).trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(hex)) {
    const [r, g, b] = [...hex].map((digit) => parseInt(digit + digit, 16)) as [number, number, number];
    return { r, g, b };
  }
  if (/^[0-9a-f]{6}$/i.test(hex)) {
    return { r: parseInt(hex.slice(0, 2), 16), g: parseInt(hex.slice(2, 4), 16), b: parseInt(hex.slice(4, 6), 16) };
  }
  return null;
}

export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t };
}
