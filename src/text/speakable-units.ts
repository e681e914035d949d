/**
 * Cuts a streamed LLM answer into speakable units, so the avatar can start
 * speaking with the first sentence instead of the whole answer. A unit ends
 * at a sentence end (an end mark followed by a space, or a line break), or
 * at a clause break (`,` `;` `:` dashes) once it has grown long, or, in a
 * run-on without either, at the last space before the hard limit — never
 * inside a word. Every decision depends only on the text, never on how the
 * stream was cut into pieces: a unit is given out only once the characters
 * that decide it have arrived, and `flush()` gives out the rest at the end.
 */
import { removeEmoji } from './speech-text.js';

export interface SpeakableUnitOptions {
  /** A clause break ends a unit once the unit has at least this many characters. @default 80 */
  clauseAfterChars?: number;
  /** A unit with no break at all is cut at its last space before this many characters. @default 200 */
  maxChars?: number;
}

const SENTENCE_END = '.!?…';
/** Full-width end marks (and, below, full-width clause breaks) need no space after them (Chinese, Japanese). */
const WIDE_SENTENCE_END = '。！？';
const CLOSERS = '"\'”’»)]}」』】〉》）';
const CLAUSE_BREAK = ',;:—–、，；：';
/** Never end a sentence: a name follows. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'rev', 'gen', 'col', 'lt', 'sgt', 'capt', 'hon', 'fr']);
/** End a sentence only when a capitalised word follows. */
const ABBREVIATIONS = new Set(['etc', 'e.g', 'i.e', 'vs', 'approx', 'inc', 'ltd', 'co', 'no', 'fig', 'cf', 'al', 'ca', 'dept', 'est', 'min', 'max', 'a.m', 'p.m']);
const SPACE = /\s/u;
const UPPERCASE_START = /^\p{Lu}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Where the scan of the current unit stopped without a cut: at `index`, with
 * the last space seen before it. Every character before `index` has been
 * decided "no cut here" by the characters already there, so the next scan
 * resumes from it instead of from the unit's start.
 */
interface ScanState {
  index: number;
  lastSpace: number;
}

type Decision = { kind: 'cut'; end: number; next: number } | { kind: 'wait' } | { kind: 'none' };

const NO_CUT: Decision = { kind: 'none' };
const WAIT: Decision = { kind: 'wait' };

/** `\s`, with the ASCII cases (nearly all text) answered without a regular expression. */
function isSpace(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return SPACE.test(char);
}

/** The word just before `index` (letters, digits and inner dots), lower-cased. */
function wordBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && /[\p{L}\p{N}.]/u.test(text[start - 1]!)) start -= 1;
  return text.slice(start, index).toLowerCase();
}

/** Index of the first non-space character at or after `from`; `text.length` when there is none yet. */
function skipSpaces(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text[index]!)) index += 1;
  return index;
}

/**
 * Whether the end marks from `markStart` to `markEnd` (exclusive, closers
 * included) end a sentence, given the word before them and what follows.
 */
function endsSentence(text: string, unitStart: number, markStart: number, markEnd: number, final: boolean): Decision {
  if (markEnd >= text.length) return final ? { kind: 'cut', end: markEnd, next: markEnd } : WAIT;
  if (!isSpace(text[markEnd]!)) return NO_CUT;
  const next = skipSpaces(text, markEnd);
  const cut: Decision = { kind: 'cut', end: markEnd, next };
  if (text[markStart] !== '.' || text[markStart + 1] === '.') return cut;
  const word = wordBefore(text, markStart);
  if (TITLES.has(word)) return NO_CUT;
  // An initial ("J. R. Tolkien") or a dotted short form ("U.S."); "I" is a word.
  if (/^\p{L}$/u.test(word) && word !== 'i' && UPPERCASE_START.test(text[markStart - 1]!)) return NO_CUT;
  if (/^(\p{L}\.)+\p{L}$/u.test(word) && !ABBREVIATIONS.has(word)) return NO_CUT;
  // A list number ("1. Milk") is not a unit of its own.
  if (/^\d+$/.test(word) && text.slice(unitStart, markStart - word.length).trim() === '') return NO_CUT;
  if (ABBREVIATIONS.has(word)) {
    if (next >= text.length) return final ? cut : WAIT;
    return UPPERCASE_START.test(text[next]!) ? cut : NO_CUT;
  }
  return cut;
}

/**
 * Where the next unit of `text` (from `unitStart`) ends, if that is decided
 * yet. The scan starts at `scan.index`; when it stops without a cut, `scan`
 * is left where the next call resumes.
 */
function nextCut(text: string, unitStart: number, final: boolean, options: Required<SpeakableUnitOptions>, scan: ScanState): Decision {
  let { lastSpace } = scan;
  const stop = (decision: Decision, index: number): Decision => {
    scan.index = index;
    scan.lastSpace = lastSpace;
    return decision;
  };
  for (let index = scan.index; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '\n') {
      if (text.slice(unitStart, index).trim() !== '') return { kind: 'cut', end: index, next: skipSpaces(text, index) };
    } else if (SENTENCE_END.includes(char) || WIDE_SENTENCE_END.includes(char)) {
      let markEnd = index + 1;
      while (markEnd < text.length && (SENTENCE_END.includes(text[markEnd]!) || WIDE_SENTENCE_END.includes(text[markEnd]!))) markEnd += 1;
      while (markEnd < text.length && CLOSERS.includes(text[markEnd]!)) markEnd += 1;
      if ([...text.slice(index, markEnd)].some((mark) => WIDE_SENTENCE_END.includes(mark))) {
        if (markEnd < text.length) return { kind: 'cut', end: markEnd, next: skipSpaces(text, markEnd) };
        return final ? { kind: 'cut', end: markEnd, next: markEnd } : stop(WAIT, index);
      }
      const decision = endsSentence(text, unitStart, index, markEnd, final);
      if (decision.kind === 'wait') return stop(WAIT, index);
      if (decision.kind === 'cut') return decision;
      index = markEnd - 1;
      continue;
    } else if (CLAUSE_BREAK.includes(char) && index + 1 - unitStart >= options.clauseAfterChars) {
      if (index + 1 >= text.length) return final ? { kind: 'cut', end: index + 1, next: index + 1 } : stop(WAIT, index);
      if (isSpace(text[index + 1]!) || char >= '\u3000') return { kind: 'cut', end: index + 1, next: skipSpaces(text, index + 1) };
    }
    if (isSpace(char)) lastSpace = index;
    if (index + 1 - unitStart >= options.maxChars && lastSpace > unitStart) {
      return { kind: 'cut', end: lastSpace, next: skipSpaces(text, lastSpace) };
    }
  }
  if (final && text.slice(unitStart).trim() !== '') return { kind: 'cut', end: text.length, next: text.length };
  return stop(NO_CUT, text.length);
}

/**
 * A unit as it is spoken: emoji removed (with the space they leave before a
 * mark), runs of spaces collapsed, trimmed; '' when nothing speakable is left.
 */
export function speakableText(unit: string): string {
  const cleaned = removeEmoji(unit).replace(/\s+/gu, ' ').replace(/ ([.!?…,;:。！？])/gu, '$1').trim();
  return LETTER_OR_DIGIT.test(cleaned) ? cleaned : '';
}

/**
 * Feed it the stream's pieces with `push`; each call answers the units the
 * piece completed (cleaned by `speakableText`, empty ones dropped), in
 * order. `flush()` answers the rest at the end of the stream.
 */
export class SpeakableUnitSplitter {
  private pending = '';
  /** Where the scan of the unit at the start of `pending` resumes. */
  private readonly scan: ScanState = { index: 0, lastSpace: -1 };
  private readonly options: Required<SpeakableUnitOptions>;

  constructor(options: SpeakableUnitOptions = {}) {
    this.options = { clauseAfterChars: options.clauseAfterChars ?? 80, maxChars: options.maxChars ?? 200 };
  }

  push(piece: string): string[] {
    this.pending += piece;
    return this.take(false);
  }

  flush(): string[] {
    const units = this.take(true);
    this.pending = '';
    this.startUnitAt(0);
    return units;
  }

  private take(final: boolean): string[] {
    const units: string[] = [];
    let start = 0;
    for (;;) {
      const decision = nextCut(this.pending, start, final, this.options, this.scan);
      if (decision.kind !== 'cut') break;
      const unit = speakableText(this.pending.slice(start, decision.end));
      if (unit !== '') units.push(unit);
      start = decision.next;
      this.startUnitAt(start);
      if (start >= this.pending.length) break;
    }
    if (start > 0) {
      this.pending = this.pending.slice(start);
      this.scan.index -= start;
      this.scan.lastSpace = Math.max(-1, this.scan.lastSpace - start);
    }
    return units;
  }

  private startUnitAt(index: number): void {
    this.scan.index = index;
    this.scan.lastSpace = -1;
  }
}
