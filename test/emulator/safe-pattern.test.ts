import { describe, expect, it } from 'vitest';
import { compileSafePattern, MAX_PATTERN_LENGTH, PatternError } from '../../emulator/safe-pattern.js';

/** Pattern, flags, inputs: each is checked against RegExp, which must agree. */
const CASES: Array<[string, string, string[]]> = [
  ['tts/$', '', ['/api/v1/session/x/tts/', '/api/v1/session/x/tts', 'tts/', '/tts/x']],
  ['^/api/v1/session/[^/]+/tts/$', '', ['/api/v1/session/abc/tts/', '/api/v1/session//tts/', '/api/v1/session/a/b/tts/']],
  ['^\\/api\\/v1\\/prompt\\/$', '', ['/api/v1/prompt/', '/api/v1/prompt/x']],
  ['.*', '', ['', 'anything']],
  ['a|b|cd', '', ['xcdx', 'c', 'b']],
  ['^(foo|bar)+baz$', '', ['foobarbaz', 'baz', 'foofoo baz']],
  ['colou?r', 'i', ['COLOR', 'Colour', 'colr']],
  ['[a-c]+\\{0\\}', '', ['abc{0}', 'zzz']],
  ['^[\\w-]+\\.(png|jpe?g)$', '', ['bg-office.png', 'x.jpeg', 'x.gif', '.png']],
  ['\\s\\S\\D\\W', '', [' a1!', ' aa!', 'a a!']],
  ['^$', '', ['', 'x']],
  ['(?:ab)*?c', '', ['ababc', 'c', 'abab']],
  ['[^a-z]', 'i', ['ABC', '123']],
  ['x*', '', ['', 'yyy']],
  ['(a*)*b', '', ['aaab', 'aaaa']],
];

describe('the linear-time fault pattern matcher', () => {
  for (const [source, flags, inputs] of CASES) {
    it(`agrees with RegExp on /${source}/${flags}`, () => {
      const pattern = compileSafePattern(source, flags);
      const reference = new RegExp(source, flags);
      for (const input of inputs) expect([input, pattern.test(input)]).toEqual([input, reference.test(input)]);
    });
  }

  it('answers catastrophic-backtracking patterns on long paths without backtracking', () => {
    const path = `/${'a'.repeat(20_000)}!`;
    expect(compileSafePattern('^/(a+)+$').test(path)).toBe(false);
    expect(compileSafePattern('^/(a|a)*$').test(path)).toBe(false);
    expect(compileSafePattern('^/(a*)*b').test(path)).toBe(false);
    expect(compileSafePattern('^/(a+)+!$').test(path)).toBe(true);
  });

  it('refuses what it cannot run in linear time, and overlong patterns, with a reason', () => {
    for (const [source, reason] of [
      ['(a)\\1', /\\1 is not supported/],
      ['(?=a)', /Look-around/],
      ['(?<name>a)', /named groups/],
      ['\\bword', /Word boundaries/],
      ['a{2,3}', /\{n,m\} is not supported/],
      ['(a', /Unterminated group/],
      ['a)', /Unmatched/],
      ['[z-a]', /out of order/],
      ['*a', /Nothing to repeat/],
      ['a**', /Nothing to repeat/],
      ['x'.repeat(MAX_PATTERN_LENGTH + 1), /longer than 256/],
    ] as const) {
      expect(() => compileSafePattern(source), source).toThrow(PatternError);
      expect(() => compileSafePattern(source), source).toThrow(reason);
    }
    expect(() => compileSafePattern('a', 'm')).toThrow(/flag/);
  });
});
