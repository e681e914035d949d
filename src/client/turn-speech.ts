import { SpeakableUnitSplitter } from '../text/speakable-units.js';
import { prepareSpeechText } from '../text/speech-text.js';

/** A unit cut at a clause break keeps its mark; any other gets a sentence end, for a falling tone. */
const CLAUSE_END = /[,;:—–、，；：]$/u;

/**
 * The speech of a turn's assistant messages while they stream: each speakable
 * unit (src/text/speakable-units.ts) is said as soon as it is complete, in
 * order; the rest when its message finishes. Message chunks carry every
 * piece so far, so only what is new is fed on.
 */
export class TurnSpeech {
  private splitter = new SpeakableUnitSplitter();
  private fed = 0;
  /** Pieces of the current message's `message` chunks fed so far. */
  private piecesFed = 0;

  constructor(private readonly say: (text: string) => void) {}

  /** A `message` chunk of the turn: the pieces not fed yet go on (pieces, not a slice of the cumulative text); a finished one says the rest. */
  message(chunk: { chunks: readonly string[]; message: string; finish: boolean }): void {
    for (let index = this.piecesFed; index < chunk.chunks.length; index += 1) this.more(chunk.chunks[index]!);
    this.piecesFed = chunk.chunks.length;
    if (chunk.finish) this.finish(chunk.message);
  }

  /**
   * New text of the current message, for a caller that has the pieces: no
   * slice of the cumulative text, which on a long answer (a rope string that
   * every slice flattens) makes feeding it quadratic.
   */
  more(piece: string): void {
    this.fed += piece.length;
    this.speak(this.splitter.push(piece));
  }

  /** The finished message (also the one before a tool round): its last units are said and the next message starts afresh. */
  finish(text: string): void {
    this.speak(this.splitter.push(this.newText(text)));
    this.speak(this.splitter.flush());
    this.splitter = new SpeakableUnitSplitter();
    this.fed = 0;
    this.piecesFed = 0;
  }

  private newText(text: string): string {
    const piece = text.length > this.fed ? text.slice(this.fed) : '';
    this.fed = Math.max(this.fed, text.length);
    return piece;
  }

  private speak(units: string[]): void {
    for (const unit of units) this.say(CLAUSE_END.test(unit) ? unit : prepareSpeechText(unit));
  }
}
