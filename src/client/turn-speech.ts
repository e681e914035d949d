import type { ClientMessage } from '../protocol/message-channel.js';
import { SpeakableUnitSplitter } from '../text/speakable-units.js';
import { prepareSpeechText } from '../text/speech-text.js';

/** A unit cut at a clause break keeps its mark; any other gets a sentence end, for a falling tone. */
const CLAUSE_END = /[,;:—–、，；：]$/u;

/**
 * The speech of one assistant message while it streams: each speakable unit
 * (src/text/speakable-units.ts) becomes a `ttstf` as soon as it is complete,
 * in order; the rest goes when the message is finished. `drafts` carry the
 * cumulative text, so only what is new is fed on.
 */
export class MessageSpeech {
  private splitter = new SpeakableUnitSplitter();
  private fed = 0;

  constructor(private readonly speak: (message: Extract<ClientMessage, { type: 'ttstf' }>) => void) {}

  /** The message so far. */
  draft(text: string): void {
    this.say(this.splitter.push(this.newText(text)));
  }

  /** The finished message; the next message starts afresh. */
  finish(text: string): void {
    this.say([...this.splitter.push(this.newText(text)), ...this.splitter.flush()]);
    this.splitter = new SpeakableUnitSplitter();
    this.fed = 0;
  }

  private newText(text: string): string {
    const piece = text.length >= this.fed ? text.slice(this.fed) : '';
    this.fed = Math.max(this.fed, text.length);
    return piece;
  }

  private say(units: string[]): void {
    for (const unit of units) this.speak({ type: 'ttstf', data: { message: CLAUSE_END.test(unit) ? unit : prepareSpeechText(unit) } });
  }
}
