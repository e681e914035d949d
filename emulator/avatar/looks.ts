import { parseColor, type Rgb } from './color.js';

export type HairStyle = 'long' | 'short' | 'medium';

/** Everything that makes one avatar look different from another. */
export interface AvatarLook {
  /** The model this look belongs to (or `default`). */
  model: string;
  skin: Rgb;
  hair: Rgb;
  hairStyle: HairStyle;
  outfit: Rgb;
  /** Top colour of the background gradient; the bottom is a darker shade of it. */
  background: Rgb;
}

/** A model style as the session knows it; `configs` (from the catalog) override the built-in look. */
export interface ModelStyleRef {
  name: string;
  model: string;
  style: string;
  configs?: ReadonlyArray<{ key: string; value: string }>;
}

const rgb = (hex: string): Rgb => parseColor(hex) ?? { r: 128, g: 128, b: 128 };

/** Built-in looks, matching the emulator catalog's model style configs. */
const BUILT_IN: Readonly<Record<string, AvatarLook>> = {
  aria: { model: 'aria', skin: rgb('#f1c7a8'), hair: rgb('#4a2c1d'), hairStyle: 'long', outfit: rgb('#2f7dd1'), background: rgb('#dfe8f3') },
  leo: { model: 'leo', skin: rgb('#c58c62'), hair: rgb('#1d1d1d'), hairStyle: 'short', outfit: rgb('#33363d'), background: rgb('#ece6da') },
};

const DEFAULT_LOOK: AvatarLook = {
  model: 'default',
  skin: rgb('#e8bea0'),
  hair: rgb('#7a4b2a'),
  hairStyle: 'medium',
  outfit: rgb('#5b7f6e'),
  background: rgb('#e3e7ee'),
};

/** The built-in look of a model name (case-insensitive), or null for an unknown model. */
export function builtInLook(model: string): AvatarLook | null {
  return BUILT_IN[model.trim().toLowerCase()] ?? null;
}

function withConfigs(look: AvatarLook, configs: ReadonlyArray<{ key: string; value: string }>): AvatarLook {
  const result = { ...look };
  for (const { key, value } of configs) {
    if (key === 'hair_style' && (value === 'long' || value === 'short' || value === 'medium')) result.hairStyle = value;
    if (key !== 'skin' && key !== 'hair' && key !== 'outfit' && key !== 'background') continue;
    const color = parseColor(value);
    if (color) result[key] = color;
  }
  return result;
}

/** The look of a model style: built-in by model, then by name, else the default figure. */
export function lookFor(style: ModelStyleRef): AvatarLook {
  const base = builtInLook(style.model) ?? builtInLook(style.name) ?? DEFAULT_LOOK;
  return style.configs ? withConfigs(base, style.configs) : base;
}
