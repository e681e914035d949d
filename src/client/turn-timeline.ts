/**
 * Per-turn latency timelines: a pure recorder fed with what happened and
 * when (`performance.now()` ms, stamped by the caller). It knows nothing of
 * the chart or the DOM; `turn-timeline-feed.ts` translates the session's
 * events into its inputs.
 *
 * Attribution: the LLM's own steps come tagged with their turn id, or belong
 * to the turn whose LLM is running; speech requests carry the turn that asked
 * (or none, for app speech), and the avatar plays them in order, so each
 * `stf` that starts a requested utterance belongs to the oldest request not
 * yet started.
 */

/** The steps of a turn, in the order they usually happen. */
export const TURN_STEPS = [
  'userSpeechEnd',
  'sttAnswered',
  'llmRequestSent',
  'llmFirstByte',
  'firstMessage',
  'firstTtstfSent',
  'firstStf',
  'firstVideoFrame',
  'llmStreamEnd',
  'speechEnd',
] as const;

export type TurnStep = (typeof TURN_STEPS)[number];

/**
 * How a turn ended:
 * - `spoken`: the avatar finished speaking its answer;
 * - `unspoken`: the LLM finished and nothing was to be spoken (`processLLM`, an empty answer);
 * - `failed`: the LLM turn failed, or the avatar never started the requested speech;
 * - `cancelled` / `aborted`: the LLM turn was stopped (`clearBuffer()`, barge-in, the consumer left) / its signal aborted;
 * - `interrupted`: the LLM had finished; `clearBuffer()` or a barge-in stopped the speech;
 * - `closed`: the session ended first.
 */
export type TurnTimelineEnd = 'spoken' | 'unspoken' | 'failed' | 'cancelled' | 'aborted' | 'interrupted' | 'closed';

/** One turn's steps, each the `performance.now()` time (ms) it happened; a step that did not happen is absent. */
export interface TurnTimeline {
  turnId: string;
  /** When the session started the turn (`processChat`, `processLLM`, or a hands-free transcript). */
  startedAt: number;
  marks: Partial<Record<TurnStep, number>>;
  end: TurnTimelineEnd;
  /** When the timeline was complete. */
  endedAt: number;
}

/** What the recorder is told, each stamped with the time it happened. */
export type TimelineInput =
  | { type: 'turn-start'; at: number; turnId: string; voice?: { userSpeechEnd: number; sttAnswered: number } }
  /** Steps of the turn whose LLM is running. */
  | { type: 'llm-request-sent'; at: number }
  | { type: 'llm-first-byte'; at: number }
  | { type: 'llm-message'; at: number; turnId: string }
  | { type: 'llm-end'; at: number; turnId: string; reason: 'done' | 'cancelled' | 'aborted' | 'failed' }
  /** A `ttstf` / `stf` went to the avatar; `turnId` is null for speech the app asked for itself. */
  | { type: 'speech-requested'; at: number; turnId: string | null }
  /** A server `stf` started the oldest requested utterance. */
  | { type: 'speech-started'; at: number }
  | { type: 'video-frame'; at: number }
  /** The avatar went silent; `cleared` when `clearBuffer()` (or a barge-in) stopped it and dropped what was queued. */
  | { type: 'speech-stopped'; at: number; cleared: boolean }
  /** The avatar never started what was requested; the requests are dropped. */
  | { type: 'speech-abandoned'; at: number }
  | { type: 'session-closed'; at: number };

interface OpenTurn {
  turnId: string;
  startedAt: number;
  marks: Partial<Record<TurnStep, number>>;
  llmEnd: 'done' | null;
  /** Speech requests of this turn not yet started by the avatar. */
  queued: number;
  /** When the avatar last stopped speaking this turn's speech. */
  lastSpeechStop: number | null;
}

/** No one speaking, as distinct from app speech (`null`). */
const SILENT = Symbol('silent');

export interface TurnTimelineRecorderOptions {
  /** Completed timelines kept for `completed()`. */
  limit: number;
  onComplete(timeline: TurnTimeline): void;
}

export class TurnTimelineRecorder {
  private readonly open = new Map<string, OpenTurn>();
  private readonly kept: TurnTimeline[] = [];
  private llmTurn: string | null = null;
  /** Owners of the speech requests not yet started, oldest first. */
  private speechQueue: (string | null)[] = [];
  private speaking: string | null | typeof SILENT = SILENT;

  constructor(private readonly options: TurnTimelineRecorderOptions) {}

  /** The last `limit` completed timelines, oldest first. */
  completed(): TurnTimeline[] {
    return this.kept.map((timeline) => ({ ...timeline, marks: { ...timeline.marks } }));
  }

  record(input: TimelineInput): void {
    switch (input.type) {
      case 'turn-start': {
        const marks: OpenTurn['marks'] = input.voice ? { ...input.voice } : {};
        this.open.set(input.turnId, { turnId: input.turnId, startedAt: input.at, marks, llmEnd: null, queued: 0, lastSpeechStop: null });
        this.llmTurn = input.turnId;
        return;
      }
      case 'llm-request-sent':
        return this.markLlmTurn('llmRequestSent', input.at);
      case 'llm-first-byte':
        return this.markLlmTurn('llmFirstByte', input.at);
      case 'llm-message':
        return this.mark(this.open.get(input.turnId), 'firstMessage', input.at);
      case 'llm-end':
        return this.llmEnded(input.turnId, input.reason, input.at);
      case 'speech-requested': {
        this.speechQueue.push(input.turnId);
        const turn = input.turnId === null ? undefined : this.open.get(input.turnId);
        // A turn speaks what its messages said: its first speech means a message has come, whatever order the chunks are reported in.
        this.mark(turn, 'firstMessage', input.at);
        this.mark(turn, 'firstTtstfSent', input.at);
        if (turn) turn.queued++;
        return;
      }
      case 'speech-started':
        return this.speechStarted(input.at);
      case 'video-frame':
        for (const turn of this.open.values()) {
          const stf = turn.marks.firstStf;
          if (stf !== undefined) this.mark(turn, 'firstVideoFrame', Math.max(stf, input.at));
        }
        return;
      case 'speech-stopped':
        return input.cleared ? this.speechCleared(input.at) : this.stopSpeaking(input.at);
      case 'speech-abandoned':
        this.speechQueue = [];
        for (const turn of [...this.open.values()]) {
          turn.queued = 0;
          this.settle(turn, input.at);
        }
        return;
      case 'session-closed':
        for (const turn of [...this.open.values()]) this.complete(turn, 'closed', input.at);
        return;
    }
  }

  private markLlmTurn(step: TurnStep, at: number): void {
    if (this.llmTurn !== null) this.mark(this.open.get(this.llmTurn), step, at);
  }

  /** First-only: a step keeps the time it first happened. */
  private mark(turn: OpenTurn | undefined, step: TurnStep, at: number): void {
    if (turn && turn.marks[step] === undefined) turn.marks[step] = at;
  }

  private llmEnded(turnId: string, reason: 'done' | 'cancelled' | 'aborted' | 'failed', at: number): void {
    if (this.llmTurn === turnId) this.llmTurn = null;
    const turn = this.open.get(turnId);
    if (!turn) return;
    this.mark(turn, 'llmStreamEnd', at);
    if (reason !== 'done') return this.complete(turn, reason, at);
    turn.llmEnd = 'done';
    this.settle(turn, at);
  }

  private speechStarted(at: number): void {
    if (this.speechQueue.length === 0) return;
    const owner = this.speechQueue.shift()!;
    // The avatar plays in order: a new owner's utterance means the previous owner's speech is over.
    if (this.speaking !== owner) this.stopSpeaking(at);
    this.speaking = owner;
    const turn = owner === null ? undefined : this.open.get(owner);
    if (!turn) return;
    this.mark(turn, 'firstStf', at);
    turn.queued = Math.max(0, turn.queued - 1);
  }

  private stopSpeaking(at: number): void {
    const owner = this.speaking;
    this.speaking = SILENT;
    const turn = owner === SILENT || owner === null ? undefined : this.open.get(owner);
    if (!turn) return;
    turn.lastSpeechStop = at;
    this.settle(turn, at);
  }

  private speechCleared(at: number): void {
    const owner = this.speaking;
    this.speechQueue = [];
    this.speaking = SILENT;
    for (const turn of [...this.open.values()]) {
      const hadSpeech = turn.queued > 0 || owner === turn.turnId;
      turn.queued = 0;
      if (owner === turn.turnId) turn.lastSpeechStop = at;
      if (turn.llmEnd === 'done' && hadSpeech) {
        this.mark(turn, 'speechEnd', at);
        this.complete(turn, 'interrupted', at);
      }
    }
  }

  /** A turn whose LLM is done and whose speech is all played (or was never asked for) is complete. */
  private settle(turn: OpenTurn, at: number): void {
    if (turn.llmEnd !== 'done' || turn.queued > 0 || this.speaking === turn.turnId) return;
    if (turn.lastSpeechStop !== null) {
      this.mark(turn, 'speechEnd', turn.lastSpeechStop);
      return this.complete(turn, 'spoken', at);
    }
    this.complete(turn, turn.marks.firstTtstfSent === undefined ? 'unspoken' : 'failed', at);
  }

  private complete(turn: OpenTurn, end: TurnTimelineEnd, at: number): void {
    this.open.delete(turn.turnId);
    if (this.llmTurn === turn.turnId) this.llmTurn = null;
    const timeline: TurnTimeline = { turnId: turn.turnId, startedAt: turn.startedAt, marks: { ...turn.marks }, end, endedAt: at };
    this.kept.push(timeline);
    if (this.kept.length > this.options.limit) this.kept.splice(0, this.kept.length - this.options.limit);
    this.options.onComplete({ ...timeline, marks: { ...timeline.marks } });
  }
}
