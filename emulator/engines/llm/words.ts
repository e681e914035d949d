/** Word-level helpers the scripted engine uses to understand a message. */

const STOP_WORDS = new Set(
  ('a an the is are was were be been am i me my mine you your yours it its this that these those what whats which who whom how ' +
    'when where why do does did can could would should will shall may might must please tell show give find get set fetch ' +
    'make let lets of in on at to for from by with about into over under and or not no yes so than then there here ' +
    'some any all just also like now today current currently know want need hey hi hello okay ok thanks thank').split(' '),
);

/** Lower-case words, with snake_case and camelCase split. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A crude stem, enough to match "lights" with "light" and "forecasting" with "forecast". */
export function stem(word: string): string {
  const stripped = word.replace(/(?:ing|ed|es|s)$/, '');
  return stripped.length >= 3 ? stripped : word;
}

/** The stems of the words that carry meaning. */
export function keywords(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word) && word.length > 1)
    .map(stem);
}

/** The words of `text` that carry meaning, in order and as written. */
export function topicOf(text: string, maxWords = 6): string {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word !== '' && !STOP_WORDS.has(word.toLowerCase()))
    .slice(0, maxWords)
    .join(' ');
}

export function titleCase(text: string): string {
  return text.replace(/\p{L}[\p{L}'-]*/gu, (word) => (word === word.toLowerCase() ? word[0]!.toUpperCase() + word.slice(1) : word));
}
