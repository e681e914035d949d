/**
 * The pieces of the assistant message being streamed, handed to `processLLM`
 * consumers as published (API-NOTES.md): every `message` chunk carries ALL
 * pieces so far (`chunks`) and their concatenation (`message`). Copying the
 * list into each chunk would make a long answer quadratic, so each chunk gets
 * a read-only view of one shared, append-only list, fixed at the length it had
 * when the chunk was made: O(1) per chunk, and an app slicing `chunk.chunks`
 * past what it has shown pays only for the new pieces.
 */

/** A read-only array of the first `count` entries of `pieces` (which only ever grows). */
export function prefixView(pieces: readonly string[], count: number): string[] {
  const inView = (key: string | symbol): boolean => {
    if (typeof key !== 'string') return false;
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 && index < count && String(index) === key;
  };
  const refuse = (): never => {
    throw new TypeError('LLM message chunks are read-only; copy them first (e.g. [...chunk.chunks])');
  };
  return new Proxy(pieces as string[], {
    get(target, key, receiver) {
      if (key === 'length') return count;
      if (typeof key === 'string' && /^\d+$/.test(key)) return inView(key) ? target[Number(key)] : undefined;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) return inView(key);
      return Reflect.has(target, key);
    },
    ownKeys() {
      return [...Array.from({ length: count }, (_, index) => String(index)), 'length'];
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length') return { value: count, writable: true, enumerable: false, configurable: false };
      if (inView(key)) return { value: target[Number(key as string)], writable: true, enumerable: true, configurable: true };
      return undefined;
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
}

/** The current message's text, piece by piece. */
export class MessagePieces {
  private pieces: string[] = [];
  private text = '';

  get message(): string {
    return this.text;
  }

  get isEmpty(): boolean {
    return this.text === '';
  }

  add(piece: string): void {
    this.pieces.push(piece);
    this.text += piece;
  }

  /** A `message` chunk of everything so far. */
  chunk(finish: boolean): { type: 'message'; chunks: string[]; message: string; finish: boolean } {
    return { type: 'message', chunks: prefixView(this.pieces, this.pieces.length), message: this.text, finish };
  }

  /** Starts the next message; views of the finished one keep their pieces. */
  reset(): void {
    this.pieces = [];
    this.text = '';
  }
}
