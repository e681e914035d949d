/**
 * Text clean-up for what the avatar shows and says: emoji are dropped (a TTS
 * engine would read them out as names or stumble on them) and a sentence gets
 * an end mark so the voice lands on a falling tone.
 */

// ©, ® and ™ are pictographic in Unicode but are ordinary text symbols unless
// an emoji variation selector (U+FE0F) asks for the emoji form.
const TEXT_SYMBOL = '[\\u00A9\\u00AE\\u2122]';
const PICTOGRAPH = `(?:${TEXT_SYMBOL}\\uFE0F|(?!${TEXT_SYMBOL})\\p{Extended_Pictographic})`;
// Skin tones, variation selectors, a keycap mark and tag characters (the
// subdivision flags such as England's) all hang off a pictograph.
const MODIFIER = '(?:\\p{Emoji_Modifier}|[\\uFE0E\\uFE0F\\u20E3]|[\\u{E0020}-\\u{E007F}])';
const ELEMENT = `${PICTOGRAPH}${MODIFIER}*`;
// A ZWJ sequence (families, professions); a dangling ZWJ at either end is
// included so a sequence cut in two by the stream still vanishes piece by piece.
const ZWJ_SEQUENCE = `\\u200D?${ELEMENT}(?:\\u200D${ELEMENT})*\\u200D?`;
const KEYCAP = '[#*0-9]\\uFE0F?\\u20E3';
const FLAG_LETTER = '\\p{Regional_Indicator}';
// Leftovers that only mean something next to an emoji (for example when a
// skin tone arrives in a later stream piece than its base).
const STRAY = '\\p{Emoji_Modifier}|\\uFE0F|\\u20E3|[\\u{E0020}-\\u{E007F}]';

const EMOJI = new RegExp(`${KEYCAP}|${FLAG_LETTER}|${ZWJ_SEQUENCE}|${STRAY}`, 'gu');

/** Any character an emoji could start with or hang off is outside ASCII. */
const NON_ASCII = /[^\u0000-\u007f]/;

/** Removes emoji (with their ZWJ sequences, skin tones, keycaps and flags); leaves all other text as it was. */
export function removeEmoji(text: string): string {
  return NON_ASCII.test(text) ? text.replace(EMOJI, '') : text;
}

// An end mark, optionally followed by closing quotes or brackets: `He said "no."`
const ENDS_WITH_PUNCTUATION = /[.!?…。！？][\s"'”’»)\]}」』】〉》）]*$/u;

/**
 * Text ready for TTS: emoji removed, runs of spaces collapsed, trimmed, and a
 * `.` appended when the text does not already end a sentence. Empty or
 * whitespace-only input (also after emoji removal) gives `''`.
 */
export function prepareSpeechText(text: string): string {
  const cleaned = removeEmoji(text).replace(/[ \t]{2,}/g, ' ').trim();
  if (cleaned === '') return '';
  return ENDS_WITH_PUNCTUATION.test(cleaned) ? cleaned : `${cleaned}.`;
}
