import { describe, expect, it } from 'vitest';
import { createPrng } from '../../emulator/avatar/prng.js';
import { SpeakableUnitSplitter, speakableText, type SpeakableUnitOptions } from '../../src/text/speakable-units.js';

/** The units of `pieces` fed one by one, then flushed. */
function unitsOf(pieces: readonly string[], options?: SpeakableUnitOptions): string[] {
  const splitter = new SpeakableUnitSplitter(options);
  return [...pieces.flatMap((piece) => splitter.push(piece)), ...splitter.flush()];
}

const whole = (text: string, options?: SpeakableUnitOptions): string[] => unitsOf([text], options);

/** Cuts `text` at random places (also inside words, emoji and surrogate pairs' neighbours). */
function randomPieces(text: string, next: () => number): string[] {
  const pieces: string[] = [];
  let index = 0;
  while (index < text.length) {
    const length = next() < 0.3 ? 1 : 1 + Math.floor(next() * 12);
    let end = Math.min(text.length, index + length);
    // A lone surrogate is not text a stream can carry; keep pairs together.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end += 1;
    pieces.push(text.slice(index, end));
    index = end;
  }
  return pieces;
}

/** The words with something to say, in order. */
const wordsOf = (text: string): string[] => text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));

const WORDS = [
  'Busan', 'is', 'a', 'port', 'city', 'in', 'Korea', 'Dr.', 'Kim', 'said', 'e.g.', 'the', 'U.S.', 'costs', '3.14', '$2.50',
  'etc.', 'J.', 'R.', 'Tolkien', 'wrote', 'it', '😀', '👩🏽‍⚕️', '“quoted”', 'well,', 'however;', 'note:', '—', 'vs.', 'No.', '1,000', 'I',
];
const ENDS = ['.', '!', '?', '...', '?!', '."', '.)', '…'];

/** A random answer: sentences of random words, some long, some split by line breaks. */
function randomAnswer(next: () => number): string {
  const sentences: string[] = [];
  const count = 1 + Math.floor(next() * 6);
  for (let s = 0; s < count; s += 1) {
    const length = 2 + Math.floor(next() * (next() < 0.2 ? 60 : 12));
    const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]!);
    const end = next() < 0.15 ? '\n' : ENDS[Math.floor(next() * ENDS.length)]!;
    sentences.push(`${words.join(' ')}${end}`);
  }
  return sentences.join(next() < 0.8 ? ' ' : '\n\n');
}

describe('SpeakableUnitSplitter', () => {
  it('speaks sentence by sentence, as soon as the space after the end mark arrives', () => {
    const splitter = new SpeakableUnitSplitter();
    expect(splitter.push('Hello! I am')).toEqual(['Hello!']);
    expect(splitter.push(' Aria.')).toEqual([]);
    expect(splitter.push(' How can')).toEqual(['I am Aria.']);
    expect(splitter.flush()).toEqual(['How can']);
  });

  it('never cuts a word, a token-level stream included', () => {
    expect(unitsOf(['Bu', 'sa', 'n is', ' a ci', 'ty. Se', 'oul', ' too.'])).toEqual(['Busan is a city.', 'Seoul too.']);
  });

  it('keeps abbreviations, initials, decimals and list numbers inside the sentence', () => {
    expect(whole('Dr. Kim met Mr. Lee at 3.30 p.m. today. J. R. R. Tolkien wrote it.')).toEqual([
      'Dr. Kim met Mr. Lee at 3.30 p.m. today.',
      'J. R. R. Tolkien wrote it.',
    ]);
    expect(whole('It costs $3.50, e.g. at a shop in the U.S. near here. Fine.')).toEqual(['It costs $3.50, e.g. at a shop in the U.S. near here.', 'Fine.']);
    expect(whole('Bring pens, paper etc. Then come.')).toEqual(['Bring pens, paper etc.', 'Then come.']);
    expect(whole('Visit example.com today.')).toEqual(['Visit example.com today.']);
    expect(whole('1. Milk\n2. Bread\n')).toEqual(['1. Milk', '2. Bread']);
    expect(whole('So do I. Good.')).toEqual(['So do I.', 'Good.']);
  });

  it('ends a unit at ellipses, runs of marks and closing quotes', () => {
    expect(whole('Wait... what?! He said "no." Then (quietly.) left.')).toEqual(['Wait...', 'what?!', 'He said "no."', 'Then (quietly.)', 'left.']);
  });

  it('cuts a long sentence at a clause break, and a run-on at a space, never inside a word', () => {
    const long = 'When the tide comes in over the long grey sands of the bay at dusk every evening, the birds fly home to the cliffs.';
    expect(whole(long)).toEqual([
      'When the tide comes in over the long grey sands of the bay at dusk every evening,',
      'the birds fly home to the cliffs.',
    ]);
    expect(whole('A short one, with a comma.')).toEqual(['A short one, with a comma.']);
    const runOn = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    const units = whole(runOn);
    expect(units.length).toBeGreaterThan(1);
    expect(units.every((unit) => unit.length <= 200)).toBe(true);
    expect(units.join(' ')).toBe(runOn);
  });

  it('handles full-width end marks without spaces', () => {
    expect(unitsOf(['你好。', '我是', 'Aria！」好', '吗？'])).toEqual(['你好。', '我是Aria！」', '好吗？']);
  });

  it('strips emoji and drops units with nothing to say', () => {
    expect(whole('Great! 😀 🎉 Let us go 🚀. 👍')).toEqual(['Great!', 'Let us go.']);
    expect(unitsOf(['Doctor 👩🏽', '‍⚕️ here. Bye.'])).toEqual(['Doctor here.', 'Bye.']);
    expect(speakableText(' 😀 … ')).toBe('');
  });

  it('gives out what is left at the end of the stream, and nothing twice', () => {
    const splitter = new SpeakableUnitSplitter();
    expect(splitter.push('Ends with Dr.')).toEqual([]);
    expect(splitter.flush()).toEqual(['Ends with Dr.']);
    expect(splitter.flush()).toEqual([]);
  });

  it('property: random splits of the same stream give the same units, in order, and lose no word', () => {
    for (let seed = 1; seed <= 400; seed += 1) {
      const next = createPrng(seed);
      const answer = randomAnswer(next);
      const expected = whole(answer);
      for (let split = 0; split < 5; split += 1) {
        const pieces = randomPieces(answer, next);
        expect(unitsOf(pieces), `seed ${seed}, pieces ${JSON.stringify(pieces)}`).toEqual(expected);
      }
      expect(wordsOf(expected.join(' ')), `seed ${seed}`).toEqual(wordsOf(speakableText(answer)));
    }
  });
});
