/**
 * A linear-time matcher for the regular expressions of request faults.
 * `RegExp` backtracks: `^/(a+)+$` against a 30-character path takes seconds
 * and freezes the event loop that streams every session's video. This one
 * compiles the pattern to an NFA (Thompson's construction) and runs all
 * states at once, so a test costs at most pattern size × path length steps.
 *
 * The language is the common core of JavaScript regular expressions:
 * literals, `.`, classes (`[a-z]`, `[^/]`, `\d \w \s` and their negations),
 * groups (`(…)`, `(?:…)`), `|`, the quantifiers `* + ?` (lazy forms accepted),
 * the anchors `^ $`, and the `i` flag. Back-references, look-around, word
 * boundaries and `{n,m}` are refused with a message saying so.
 */

export const MAX_PATTERN_LENGTH = 256;

export class PatternError extends Error {
  override name = 'PatternError';
}

export interface SafePattern {
  /** Whether the pattern matches anywhere in `text` (like `RegExp.prototype.test`). */
  test(text: string): boolean;
  readonly source: string;
}

type CharTest = (char: string) => boolean;

type Ast =
  | { kind: 'char'; test: CharTest }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'seq'; items: Ast[] }
  | { kind: 'alt'; options: Ast[] }
  | { kind: 'repeat'; item: Ast; min: 0 | 1; max: 1 | typeof Infinity };

type NfaNode =
  | { kind: 'char'; test: CharTest; next: number }
  | { kind: 'split'; next: number; other: number }
  | { kind: 'start'; next: number }
  | { kind: 'end'; next: number }
  | { kind: 'match' };

/** Compiles `source` (with `flags`, of which only `i` changes anything) or throws a PatternError. */
export function compileSafePattern(source: string, flags = '', maxLength = MAX_PATTERN_LENGTH): SafePattern {
  if (source.length > maxLength) throw new PatternError(`The pattern is longer than ${maxLength} characters`);
  const unsupported = flags.replace(/[igy]/g, '');
  if (unsupported) throw new PatternError(`The flag(s) "${unsupported}" are not supported (only i)`);
  const ignoreCase = flags.includes('i');
  const ast = new Parser(source, ignoreCase).parse();
  const nodes: NfaNode[] = [{ kind: 'match' }];
  const start = compile(ast, 0, nodes);
  return { source, test: (text) => run(nodes, start, text) };
}

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): Ast {
    const ast = this.alternation();
    if (this.position < this.source.length) throw this.error(`Unmatched ")"`);
    return ast;
  }

  private alternation(): Ast {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  }

  private sequence(): Ast {
    const items: Ast[] = [];
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'seq', items };
  }

  private quantified(item: Ast): Ast {
    const quantifier = this.peek();
    if (quantifier === '{' && /^\{\d+(,\d*)?\}/.test(this.source.slice(this.position))) {
      throw this.error('Counted repetition {n,m} is not supported; use *, + or ?');
    }
    if (quantifier !== '*' && quantifier !== '+' && quantifier !== '?') return item;
    if (item.kind === 'start' || item.kind === 'end') throw this.error('An anchor cannot be repeated');
    this.position++;
    if (this.peek() === '?') this.position++;
    if (this.peek() === '*' || this.peek() === '+' || this.peek() === '?') throw this.error('Nothing to repeat');
    if (quantifier === '*') return { kind: 'repeat', item, min: 0, max: Infinity };
    if (quantifier === '+') return { kind: 'repeat', item, min: 1, max: Infinity };
    return { kind: 'repeat', item, min: 0, max: 1 };
  }

  private atom(): Ast {
    const char = this.source[this.position++]!;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return { kind: 'char', test: this.characterClass() };
      case '.':
        return { kind: 'char', test: (c) => c !== '\n' && c !== '\r' && c !== '\u2028' && c !== '\u2029' };
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '\\':
        return { kind: 'char', test: this.caseless(this.escape(false)) };
      case '*':
      case '+':
      case '?':
        throw this.error('Nothing to repeat');
      default:
        return { kind: 'char', test: this.caseless(equalTo(char)) };
    }
  }

  private group(): Ast {
    if (this.peek() === '?') {
      if (this.source[this.position + 1] !== ':') throw this.error('Look-around and named groups are not supported');
      this.position += 2;
    }
    const inner = this.alternation();
    if (this.peek() !== ')') throw this.error('Unterminated group');
    this.position++;
    return inner;
  }

  private characterClass(): CharTest {
    const negated = this.peek() === '^';
    if (negated) this.position++;
    const members: CharTest[] = [];
    while (this.peek() !== ']') {
      if (this.position >= this.source.length) throw this.error('Unterminated character class');
      const from = this.classAtom();
      if (this.peek() === '-' && this.source[this.position + 1] !== ']' && this.position + 1 < this.source.length) {
        this.position++;
        const to = this.classAtom();
        if (typeof from !== 'string' || typeof to !== 'string') throw this.error('A range needs single characters at both ends');
        if (from > to) throw this.error(`Range out of order: ${from}-${to}`);
        members.push((c) => c >= from && c <= to);
      } else {
        members.push(typeof from === 'string' ? equalTo(from) : from);
      }
    }
    this.position++;
    // Case folding applies to the members, before a negation.
    const inClass = this.caseless((c) => members.some((member) => member(c)));
    return negated ? (c) => !inClass(c) : inClass;
  }

  /** One class member: a character (for ranges) or a class escape such as `\d`. */
  private classAtom(): string | CharTest {
    const char = this.source[this.position++]!;
    if (char !== '\\') return char;
    const escaped = this.source[this.position];
    if (escaped !== undefined && /[dDwWsS]/.test(escaped)) return this.escape(true);
    return this.escapedCharacter();
  }

  private escape(inClass: boolean): CharTest {
    const escaped = this.source[this.position];
    const classes: Record<string, CharTest> = {
      d: (c) => c >= '0' && c <= '9',
      w: (c) => /[A-Za-z0-9_]/.test(c),
      s: (c) => /\s/.test(c),
    };
    if (escaped !== undefined && escaped.toLowerCase() in classes) {
      this.position++;
      const test = classes[escaped.toLowerCase()]!;
      return escaped === escaped.toLowerCase() ? test : (c) => !test(c);
    }
    if (!inClass && (escaped === 'b' || escaped === 'B')) throw this.error('Word boundaries (\\b, \\B) are not supported');
    return equalTo(this.escapedCharacter());
  }

  private escapedCharacter(): string {
    const escaped = this.source[this.position++];
    if (escaped === undefined) throw this.error('The pattern ends with a lone backslash');
    const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };
    if (escaped in controls) return controls[escaped]!;
    if (/[A-Za-z0-9]/.test(escaped)) throw this.error(`The escape \\${escaped} is not supported`);
    return escaped;
  }

  private caseless(test: CharTest): CharTest {
    return this.ignoreCase ? (c) => test(c) || test(c.toLowerCase()) || test(c.toUpperCase()) : test;
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }

  private error(message: string): PatternError {
    return new PatternError(`${message} (at character ${this.position} of the pattern)`);
  }
}

function equalTo(expected: string): CharTest {
  return (c) => c === expected;
}

/** Adds the NFA for `ast`, continuing at `next`; answers its entry node. */
function compile(ast: Ast, next: number, nodes: NfaNode[]): number {
  const add = (node: NfaNode): number => nodes.push(node) - 1;
  switch (ast.kind) {
    case 'char':
      return add({ kind: 'char', test: ast.test, next });
    case 'start':
    case 'end':
      return add({ kind: ast.kind, next });
    case 'seq':
      return ast.items.reduceRight((continuation, item) => compile(item, continuation, nodes), next);
    case 'alt': {
      const last = compile(ast.options.at(-1)!, next, nodes);
      return ast.options.slice(0, -1).reduceRight((other, option) => add({ kind: 'split', next: compile(option, next, nodes), other }), last);
    }
    case 'repeat': {
      if (ast.max === 1) return add({ kind: 'split', next: compile(ast.item, next, nodes), other: next });
      const loop = add({ kind: 'split', next: -1, other: next });
      const body = compile(ast.item, loop, nodes);
      (nodes[loop] as { next: number }).next = body;
      return ast.min === 0 ? loop : body;
    }
  }
}

/** Runs every live state in step over `text`; a new thread starts at each position (unanchored search). */
function run(nodes: readonly NfaNode[], start: number, text: string): boolean {
  const seen = new Int32Array(nodes.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  let generation = 0;

  /** Follows empty moves from `entry` at `position`, collecting the states that read a character. */
  const addState = (list: number[], entry: number, position: number): boolean => {
    const stack = [entry];
    while (stack.length > 0) {
      const index = stack.pop()!;
      if (seen[index] === generation) continue;
      seen[index] = generation;
      const node = nodes[index]!;
      switch (node.kind) {
        case 'match':
          return true;
        case 'char':
          list.push(index);
          break;
        case 'split':
          stack.push(node.other, node.next);
          break;
        case 'start':
          if (position === 0) stack.push(node.next);
          break;
        case 'end':
          if (position === text.length) stack.push(node.next);
          break;
      }
    }
    return false;
  };

  if (addState(current, start, 0)) return true;
  for (let position = 0; position < text.length; position++) {
    generation++;
    const char = text[position]!;
    for (const index of current) {
      const node = nodes[index] as Extract<NfaNode, { kind: 'char' }>;
      if (node.test(char) && addState(next, node.next, position + 1)) return true;
    }
    if (addState(next, start, position + 1)) return true;
    [current, next] = [next, []];
  }
  return false;
}
