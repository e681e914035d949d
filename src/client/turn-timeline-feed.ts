/**
 * Feeds a session's turn timelines: the chart's emitted events (turn start
 * and end, speech requested / started / stopped) and the hands-free
 * utterances become `TimelineInput`s stamped with `performance.now()`; the
 * LLM request and its first byte come from the stream opener
 * (`timedLlmStream`), each `message` chunk from the turn actor's watcher, the
 * first video frame from the bound video element.
 */
import type { Subscription } from 'xstate';
import type { SessionActor } from './session.js';
import { TurnTimelineRecorder } from './turn-timeline.js';
import type { TimelineInput, TurnTimeline } from './turn-timeline.js';

/** An input before it is stamped with the time. */
type Unstamped = TimelineInput extends infer Input ? (Input extends TimelineInput ? Omit<Input, 'at'> : never) : never;

/** Completed timelines a session keeps by default (`getTurnTimelines()`). */
export const DEFAULT_TURN_TIMELINE_LIMIT = 20;

export interface TurnTimelinesOptions {
  limit: number;
  /** The video element the avatar is bound to, if any. */
  video(): HTMLVideoElement | null;
  onComplete(timeline: TurnTimeline): void;
  now?: () => number;
}

/** Wires a recorder to the session actor; `close()` ends the open turns as `closed` and stops listening. */
export class TurnTimelines {
  private readonly recorder: TurnTimelineRecorder;
  private readonly subscriptions: Subscription[];
  private readonly voice = new VoiceMarks();
  private readonly now: () => number;
  private closed = false;

  constructor(actor: SessionActor, private readonly options: TurnTimelinesOptions) {
    this.now = options.now ?? (() => performance.now());
    this.recorder = new TurnTimelineRecorder({ limit: options.limit, onComplete: options.onComplete });
    const record = (input: Unstamped): void => this.record({ ...input, at: this.now() } as TimelineInput);
    this.subscriptions = [
      actor.on('speech-end', () => this.voice.utteranceEnded(this.now())),
      actor.on('transcript', (event) => {
        if (actor.getSnapshot().context.listening) this.voice.transcribed(event.text, this.now());
      }),
      actor.on('llm.start', (event) => {
        const voice = this.voice.claim(event.message);
        record({ type: 'turn-start', turnId: event.turnId, ...(voice ? { voice } : {}) });
      }),
      actor.on('llm.end', (event) => record({ type: 'llm-end', turnId: event.turnId, reason: event.reason })),
      actor.on('speech.requested', (event) => record({ type: 'speech-requested', turnId: event.turnId })),
      actor.on('speech.started', () => {
        record({ type: 'speech-started' });
        this.awaitVideoFrame();
      }),
      actor.on('speech.stopped', (event) => record({ type: 'speech-stopped', cleared: event.cleared })),
      actor.on('speech.abandoned', () => record({ type: 'speech-abandoned' })),
      actor.subscribe((snapshot) => this.voice.keep(snapshot.context.listening?.utterances.length ?? 0)),
    ];
  }

  /** The stream opener's report for the turn whose LLM is running. */
  llmStep(type: 'llm-request-sent' | 'llm-first-byte'): void {
    this.record({ type, at: this.now() });
  }

  /** The turn actor's report of a `message` chunk (the chart gets no event per chunk). */
  llmMessage(turnId: string): void {
    this.record({ type: 'llm-message', turnId, at: this.now() });
  }

  list(): TurnTimeline[] {
    return this.recorder.completed();
  }

  close(): void {
    if (this.closed) return;
    this.record({ type: 'session-closed', at: this.now() });
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private record(input: TimelineInput): void {
    if (!this.closed) this.recorder.record(input);
  }

  /** The next frame the bound video presents (where the browser has `requestVideoFrameCallback`). */
  private awaitVideoFrame(): void {
    const video = this.options.video();
    if (!video || typeof video.requestVideoFrameCallback !== 'function') return;
    video.requestVideoFrameCallback((_now, frame) => this.record({ type: 'video-frame', at: frame.presentationTime }));
  }
}

/**
 * Hands-free utterances on their way to a turn. The chart transcribes them
 * one at a time, oldest first; each ends as a transcript, or is dropped (an
 * STT error), which the chart's queue length tells. A turn whose message is
 * the last transcript is the voice turn that transcript started.
 */
class VoiceMarks {
  /** When each queued utterance ended, oldest first. */
  private ended: number[] = [];
  private transcript: { text: string; userSpeechEnd: number; sttAnswered: number } | null = null;

  utteranceEnded(at: number): void {
    this.ended.push(at);
  }

  transcribed(text: string, at: number): void {
    const userSpeechEnd = this.ended.shift();
    this.transcript = userSpeechEnd === undefined ? null : { text, userSpeechEnd, sttAnswered: at };
  }

  /** The chart holds `waiting` utterances: older stamps were dropped with theirs. */
  keep(waiting: number): void {
    if (this.ended.length > waiting) this.ended.splice(0, this.ended.length - waiting);
  }

  claim(message: string): { userSpeechEnd: number; sttAnswered: number } | null {
    const transcript = this.transcript;
    this.transcript = null;
    return transcript && transcript.text === message ? { userSpeechEnd: transcript.userSpeechEnd, sttAnswered: transcript.sttAnswered } : null;
  }
}
