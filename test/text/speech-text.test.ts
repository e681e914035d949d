import { describe, expect, it } from 'vitest';
import { prepareSpeechText, removeEmoji } from '../../src/text/speech-text.js';

describe('removeEmoji', () => {
  it.each([
    ['simple emoji', 'Hi 😀 there', 'Hi  there'],
    ['ZWJ family', 'Family: 👨‍👩‍👧‍👦!', 'Family: !'],
    ['ZWJ profession with skin tone', 'Doctor 👩🏽‍⚕️ here', 'Doctor  here'],
    ['skin tone', 'Thumbs 👍🏿', 'Thumbs '],
    ['national flags', 'Korea 🇰🇷 and 🇺🇸', 'Korea  and '],
    ['subdivision flag (tags)', 'England 🏴󠁧󠁢󠁥󠁮󠁧󠁿 wins', 'England  wins'],
    ['keycaps', 'Press 1️⃣ or #️⃣ or 5⃣', 'Press  or  or '],
    ['variation selector heart', 'Love ❤️ you', 'Love  you'],
    ['text-style pictograph', 'Sun ☀ out', 'Sun  out'],
    ['rainbow flag sequence', '🏳️‍🌈 pride', ' pride'],
  ])('removes %s', (_label, input, expected) => {
    expect(removeEmoji(input)).toBe(expected);
  });

  it('keeps ordinary text, digits, CJK, Hangul, Devanagari with ZWJ and text symbols', () => {
    const text = 'Call 112 # * — 안녕하세요 你好 क्‍ष © 2024 Acme® Brand™ €5';
    expect(removeEmoji(text)).toBe(text);
  });

  it('removes emoji-presentation ©', () => {
    expect(removeEmoji('©️ x')).toBe(' x');
  });

  it('removes the pieces of an emoji sequence split across stream pieces', () => {
    const family = '👨‍👩‍👧';
    const cuts = [...family];
    for (let i = 1; i < cuts.length; i++) {
      const a = cuts.slice(0, i).join('');
      const b = cuts.slice(i).join('');
      expect(removeEmoji(a) + removeEmoji(b)).toBe('');
    }
    expect(removeEmoji('👍') + removeEmoji('🏽')).toBe('');
    expect(removeEmoji('🇰') + removeEmoji('🇷')).toBe('');
  });
});

describe('prepareSpeechText', () => {
  it.each([
    ['Hello', 'Hello.'],
    ['Hello.', 'Hello.'],
    ['Really?', 'Really?'],
    ['Wow!', 'Wow!'],
    ['Well…', 'Well…'],
    ['안녕하세요', '안녕하세요.'],
    ['你好。', '你好。'],
    ['你好！', '你好！'],
    ['你好？', '你好？'],
    ['He said "no."', 'He said "no."'],
    ['(see above.)', '(see above.)'],
    ['「はい。」', '「はい。」'],
    ['He said "no"', 'He said "no".'],
    ['  padded text  ', 'padded text.'],
    ['Nice 😀', 'Nice.'],
    ['Nice! 😀', 'Nice!'],
    ['a  😀  b', 'a b.'],
  ])('%j → %j', (input, expected) => {
    expect(prepareSpeechText(input)).toBe(expected);
  });

  it.each(['', '   ', '\n\t', '😀', ' 👨‍👩‍👧 🇰🇷 '])('gives an empty string for %j', (input) => {
    expect(prepareSpeechText(input)).toBe('');
  });
});
