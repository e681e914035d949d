import { waitFor } from 'xstate';
import { ChatState } from '../../machines/chat-state.js';
import { hasAvatarLink, holdsSttRecording, sameChatStates, toChatStates, toLinkStatus } from '../../machines/chat-states.js';
import type { SessionSnapshot } from '../../machines/chat-states.js';
import type { CloseReason } from '../../machines/connection.types.js';
import type { ChatLogEntry, LlmRequest, SessionEvent } from '../../machines/session.types.js';
import { AbortError, InvalidArgumentError, LinkUnavailableError, LLMError, SessionClosedError, STTError, TTSError } from '../errors.js';
import type { ToolActivity } from '../llm/tool-activity.js';
import { toolsByName } from '../llm/tool-runner.js';
import type { ChatMessage, LLMChunk } from '../llm/types.js';
import { prepareSpeechText } from '../text/speech-text.js';
import type { ConnectionQuality } from '../../machines/connection-quality.js';
import { toListeningState } from '../../machines/listening-state.js';
import type { ListeningState } from '../../machines/listening-state.js';
import { eventDetail, llmMessage, ttsText, ttstfText } from '../argument-checks.js';
import { callApp } from './app-callbacks.js';
import { resolveStfFormat } from './audio-format.js';
import { toListeningRequest } from './hands-free.js';
import type { ListeningOptions } from './hands-free.js';
import { Replies } from './replies.js';
import { SessionEvents } from './session-events.js';
import type { SessionEventListener, SessionEventMap, SessionEventName } from './session-events.js';
import { AvatarVideo } from './session.dom.js';
import type { ConnectionState, ProcessLLMOptions, ProcessTTSOptions, SessionActor, SessionParts, STTResponse } from './session.types.js';
import type { LlmStreamStep } from './timed-llm-stream.js';
import { followTurn } from './turn-stream.js';
import type { TurnFollower } from './turn-stream.js';
import type { TurnTimeline } from './turn-timeline.js';
import { TurnTimelines } from './turn-timeline-feed.js';

export type { ConnectionState, ProcessLLMOptions, ProcessTTSOptions, SessionActor, SessionParts, STTResponse } from './session.types.js';

type Listener<T> = (value: T) => void;

/**
 * A live avatar session: the connect layer over `actor` (the session
 * statechart). Methods check their arguments, send it events and await its
 * `reply.*` answers; what it knows is read from its snapshots; every
 * subscription is a `session.on` event (the published `subscribe*`/`set*`
 * methods are thin wrappers over it), bound to the actor in one place.
 */
export class Session {
  /** The session statechart's actor: inspect it, `useSelector` it, drive it in tests. */
  readonly actor: SessionActor;
  private readonly parts: SessionParts;
  private readonly replies = new Replies();
  /** Set by an app that assigns `lastRecordedAudioFile`; the next recording replaces it. */
  private assignedRecording: { file: File | null; replaced: File | null } | null = null;
  private readonly events = new SessionEvents();
  /** What `setErrorHandler(null)` / `setSttResultCallback(null)` remove: the listeners those setters added. */
  private readonly setterListeners = { error: new Set<() => void>(), transcript: new Set<() => void>() };
  private readonly video = new AvatarVideo((blocked) => this.emit('autoplay-blocked', blocked));
  private readonly timelines: TurnTimelines;

  /** @internal Use `createSession`. */
  constructor(actor: SessionActor, parts: SessionParts) {
    this.actor = actor;
    this.parts = parts;
    this.timelines = new TurnTimelines(actor, {
      limit: parts.turnTimelineLimit,
      video: () => this.video.element,
      onComplete: (timeline) => this.emit('turn-timeline', timeline),
    });
    actor.on('reply.done', (event) => this.replies.settle(event));
    actor.on('reply.failed', (event) => this.replies.settle(event));
    actor.on('error', (event) => this.reportError(event.error));
    actor.on('connection-quality', (event) => this.emit('connection-quality', event.quality));
    actor.on('transcript', (event) => this.emit('transcript', { text: event.text }));
    actor.on('speech-start', () => this.emit('speech-start', {}));
    actor.on('speech-end', (event) => this.emit('speech-end', { durationMs: event.durationMs }));
    actor.on('barge-in', () => this.emit('barge-in', {}));
    actor.on('tool-activity', ({ activity }) => this.emitToolActivity(activity));
    this.select(toListeningState, Object.is, (state) => this.emit('listening-state', state));
    // First of the snapshot observers: `close` comes before the other events of the closing snapshot.
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status !== 'active') this.onFinished();
      },
      error: (error) => {
        this.reportError(error);
        this.onFinished();
      },
    });
    this.select(toChatStates, sameChatStates, (states) => this.emit('chat-states', states));
    this.select((s) => s.context.chatLog, Object.is, (log) => this.emit('chat-log', [...log]));
    this.select(toLinkStatus, Object.is, (state) => this.emit('connection-state', state));
    this.select((s) => s.context.remoteStream, Object.is, (stream) => this.video.showStream(stream));
  }

  /** @internal Resolves once the link is up; rejects with why it never came up. */
  async connected(signal?: AbortSignal): Promise<void> {
    const abort = (): void => this.stopSession();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const snapshot = await waitFor(this.actor, (s) => s.status !== 'active' || toLinkStatus(s) === 'connected').catch(() => this.actor.getSnapshot());
      if (snapshot.status === 'active') return;
      if (signal?.aborted) throw new AbortError('createSession() was aborted', { cause: signal.reason });
      const error = this.outcome()?.error;
      throw error instanceof Error ? error : new Error('The session closed before it connected', { cause: error });
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  // ---------------------------------------------------------------------------
  // Conversation
  // ---------------------------------------------------------------------------

  /** LLM → speech in one call: the answer is spoken by the avatar and shown in the chat log. Rejects for empty text; turn errors go to the error handler. */
  async processChat(message: string): Promise<void> {
    if (typeof message !== 'string' || message.trim() === '') throw new InvalidArgumentError('message', 'processChat() needs non-empty text');
    const turnId = this.startTurn('processChat', { message }, { speak: this.hasAvatar(), streamed: false });
    // The chart speaks and logs each finished message and reports errors; this call only waits for the turn to end.
    await waitFor(this.actor, (s) => s.status !== 'active' || s.context.llmTurn?.turnId !== turnId).catch(() => undefined);
  }

  /** Streams one LLM turn (tool calls run here; at most 10 LLM requests in all). Not spoken, not in the chat log; in the history. */
  async *processLLM(options: ProcessLLMOptions): AsyncGenerator<LLMChunk, void, undefined> {
    let follower: TurnFollower | undefined;
    // As published: no speech and no chat log (the app renders the chunks); the history keeps the turn.
    this.startTurn('processLLM', options, { speak: false, streamed: true, logged: false }, (turnId) => {
      follower = followTurn(this.actor, turnId, options.signal);
      return { onChunk: follower.push };
    });
    yield* follower!.chunks;
  }

  /**
   * Speaks `message` with the avatar, without the LLM, and adds it to the
   * history and the chat log as an assistant message (as published); throws
   * `InvalidArgumentError` when there is nothing to speak.
   */
  processTTSTF(message: string): void {
    this.assertOpen('processTTSTF');
    this.assertAvatar('processTTSTF');
    const speech = ttstfText(message);
    this.actor.send({ type: 'SPEECH.REQUEST', message: { type: 'ttstf', data: { message: speech } }, logged: { text: message } });
  }

  /**
   * @deprecated Use `processTTSTF`. Speaks text from your own LLM (ANALYZING,
   * then SPEAKING), as in 1.6.1; empty text is an `InvalidArgumentError`.
   */
  processCustomChat(message: string): void {
    if (typeof message !== 'string' || message.trim() === '') throw new InvalidArgumentError('message', 'processCustomChat() needs non-empty text');
    this.processTTSTF(message);
  }

  /** Synthesises `message` (emoji removed, final period added); `undefined` for empty text or when `clearBuffer()` dropped it. */
  async processTTS(message: string, options: ProcessTTSOptions = {}): Promise<Blob | undefined> {
    this.assertOpen('processTTS');
    const text = prepareSpeechText(ttsText(message));
    if (!text) return undefined;
    try {
      return await this.request<Blob | undefined>('processTTS', (requestId) => ({ type: 'TTS.REQUEST', requestId, text, options }));
    } catch (error) {
      // Apps that rely on the error handler see a TTS failure too (as in 1.6.1).
      if (error instanceof TTSError) this.reportError(error);
      throw error;
    }
  }

  /** Uploads `file` (WAV or MP3), has the avatar speak it, and resolves with the upload's `file_ref`. A link that is reconnecting is waited for. */
  async processSTF(file: Blob, format?: string, message = ''): Promise<string> {
    this.assertOpen('processSTF');
    if (!(file instanceof Blob)) throw new InvalidArgumentError('file', 'must be a Blob or File');
    const resolvedFormat = resolveStfFormat(format, file);
    this.assertAvatar('processSTF');
    return this.request<string>('processSTF', (requestId) => ({ type: 'UPLOAD.REQUEST', requestId, file, format: resolvedFormat, message }));
  }

  /** Starts recording the microphone for STT; `timeout` (ms) stops it by itself. */
  async startProcessSTT(timeout?: number): Promise<void> {
    this.assertOpen('startProcessSTT');
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) {
      throw new InvalidArgumentError('timeout', 'must be a positive number of milliseconds');
    }
    // Misuse is a plain Error: an STTError always carries the failure behind it (`underlyingError`).
    await this.request<void>('startProcessSTT', (requestId) => ({ type: 'STT.START', requestId, ...(timeout === undefined ? {} : { timeoutMs: timeout }) }), 'STT recording is already in progress');
  }

  /** Stops recording and answers its transcript. */
  async stopProcessSTT(language?: string): Promise<string> {
    this.assertOpen('stopProcessSTT');
    const stop = (requestId: string): SessionEvent => ({ type: 'STT.STOP', requestId, ...(language ? { language } : {}) });
    const reply = this.request<string>('stopProcessSTT', stop, 'No STT recording is in progress; call startProcessSTT() first');
    try {
      return await reply;
    } catch (error) {
      throw error instanceof STTError || error instanceof SessionClosedError ? error : new STTError(error instanceof Error ? error.message : String(error), error);
    }
  }

  /**
   * Hands-free conversation: listens to the microphone and answers each
   * utterance with a spoken turn, no button needed; speaking over the avatar
   * interrupts it (unless `bargeIn: false`). Resolves once the microphone is live.
   */
  async startListening(options?: ListeningOptions): Promise<void> {
    this.assertOpen('startListening');
    await this.request<void>('startListening', (requestId) => ({ type: 'LISTEN.START', requestId, request: toListeningRequest(options, this.hasAvatar(), this.parts.localStream) }));
  }

  /** @internal `createSession({ handsFree })`: listening that fails to start is an error of the session, not of `createSession`. */
  listenOnceConnected(options: ListeningOptions): void {
    this.startListening(options).catch((error: unknown) => {
      if (!(error instanceof SessionClosedError)) this.reportError(error);
    });
  }

  /** Stops hands-free listening and releases the microphone; utterances not yet transcribed are dropped. */
  stopListening(): void {
    if (this.isClosed()) return;
    this.actor.send({ type: 'LISTEN.STOP' });
  }

  isListening(): boolean {
    return toListeningState(this.actor.getSnapshot()) !== 'off';
  }

  getListeningState(): ListeningState {
    return toListeningState(this.actor.getSnapshot());
  }

  /**
   * @deprecated Use `startProcessSTT()`. Starts the legacy two-way-audio
   * recording (`record-start`) of a session created with `enableVoiceChat`.
   */
  async startVoiceChat(): Promise<void> {
    this.assertVoiceChat('startVoiceChat');
    await this.startProcessSTT();
  }

  /**
   * @deprecated Use `stopProcessSTT()`. Ends the legacy recording
   * (`record-end-stt`); the transcript goes to the STT result callbacks and is
   * also the answer.
   */
  async stopVoiceChat(language?: string): Promise<string> {
    this.assertVoiceChat('stopVoiceChat');
    return this.stopProcessSTT(language);
  }

  /**
   * True from `startProcessSTT()` until `stopProcessSTT()`, also after the
   * `timeout` stopped the microphone: a toggle written as
   * `isSTTRecording() ? stop() : start()` never drops a recording.
   */
  isSTTRecording(): boolean {
    return holdsSttRecording(this.actor.getSnapshot());
  }

  /** The last WAV recorded by `startProcessSTT` / `stopProcessSTT` (16 kHz mono); writable, as in 1.6.1. */
  get lastRecordedAudioFile(): File | null {
    const recorded = this.actor.getSnapshot().context.lastRecordedAudioFile;
    const assigned = this.assignedRecording;
    if (assigned && assigned.replaced === recorded) return assigned.file;
    this.assignedRecording = null;
    return recorded;
  }

  set lastRecordedAudioFile(file: File | null) {
    if (file !== null && !(file instanceof Blob)) throw new InvalidArgumentError('lastRecordedAudioFile', 'must be a File or null');
    this.assignedRecording = { file, replaced: this.actor.getSnapshot().context.lastRecordedAudioFile };
  }

  async transcribeAudio(audio: Blob, language?: string): Promise<string> {
    return (await this.transcribeAudioDetailed(audio, language)).text;
  }

  async transcribeAudioDetailed(audio: Blob, language?: string): Promise<STTResponse> {
    this.assertOpen('transcribeAudio');
    if (!(audio instanceof Blob)) throw new InvalidArgumentError('audio', 'must be a Blob or File');
    const text = await this.request<string>('transcribeAudio', (requestId) => ({ type: 'TRANSCRIBE.REQUEST', requestId, file: audio, ...(language === undefined ? {} : { language }) }));
    return { text };
  }

  /** Stops the avatar now: drops queued speech, cancels the LLM turn and pending TTS. A no-op once closed. Resolves once sent (apps call `.then` on it). */
  clearBuffer(): Promise<void> {
    if (!this.isClosed()) this.actor.send({ type: 'CLEAR_BUFFER' });
    return Promise.resolve();
  }

  getMessageHistory(): ChatMessage[] {
    return [...this.actor.getSnapshot().context.history];
  }

  // ---------------------------------------------------------------------------
  // Media and session
  // ---------------------------------------------------------------------------

  /** Shows the avatar in `video` (and keeps it shown across reconnects); `null` lets go of the element. */
  setSrc(video: HTMLVideoElement | null): void {
    this.video.setElement(video);
  }

  /** The renderer's stream, or `undefined` while there is none. */
  getRemoteStream(): MediaStream | undefined {
    return this.actor.getSnapshot().context.remoteStream ?? undefined;
  }

  /** @deprecated The microphone stream of a legacy voice-chat session. */
  getLocalStream(): MediaStream | null {
    return this.parts.localStream;
  }

  getSessionId(): string {
    return this.parts.sessionId;
  }

  changeSize(width: number, height: number): void {
    this.assertOpen('changeSize');
    for (const [name, value] of [['width', width], ['height', height]] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(name, 'must be a positive number');
    }
    this.actor.send({ type: 'CHANGE_SIZE', width, height });
  }

  /** Sends a `SESSION_LOG` event; objects are JSON-stringified. */
  async logSessionEvent(detail?: string | object): Promise<void> {
    this.assertOpen('logSessionEvent');
    const text = eventDetail(detail);
    await this.request<void>('logSessionEvent', (requestId) => ({ type: 'SESSION_LOG.REQUEST', requestId, ...(text === undefined ? {} : { detail: text }) }));
  }

  /** Closes the session. Idempotent. */
  stopSession(): void {
    if (this.isClosed()) return;
    this.actor.send({ type: 'SESSION.STOP' });
  }

  getConnectionState(): ConnectionState {
    return toLinkStatus(this.actor.getSnapshot());
  }

  /** The latest quality sample of the link (`lost` while it is down or closed); `null` before the first sample. */
  getConnectionQuality(): ConnectionQuality | null {
    const snapshot = this.actor.getSnapshot();
    const quality = snapshot.context.connectionQuality;
    if (!quality || snapshot.status === 'active') return quality;
    return { ...quality, level: 'lost', measured: 'lost', figures: null };
  }

  /** The latency timelines of the last completed turns (`turnTimelineLimit`, 20 by default), oldest first. */
  getTurnTimelines(): TurnTimeline[] {
    return this.timelines.list();
  }

  /** The browser refused to play the avatar's sound without a user gesture; it plays muted until `resumeAudio()`. */
  isAudioBlocked(): boolean {
    return this.video.audioBlocked;
  }

  /** Call from a user gesture (a click): turns the avatar's sound on after `autoplay-blocked`. Rejects with `NotAllowedError` outside a gesture. */
  resumeAudio(): Promise<void> {
    return this.video.resumeAudio();
  }

  // ---------------------------------------------------------------------------
  // Subscriptions
  // ---------------------------------------------------------------------------

  subscribeChatStates(callback: Listener<Set<ChatState>>): () => void {
    return this.on('chat-states', (states) => callApp('subscriber', callback, states));
  }

  /** Newest first. */
  subscribeChatLog(callback: Listener<ChatLogEntry[]>): () => void {
    return this.on('chat-log', (log) => callApp('subscriber', callback, [...log]));
  }

  subscribeConnectionState(callback: Listener<ConnectionState>): () => void {
    return this.on('connection-state', (state) => callApp('subscriber', callback, state));
  }

  /** Adds a transcript callback (they add up); returns the function that removes it. `null` removes them all. */
  setSttResultCallback(callback: ((text: string) => void) | null): () => void {
    return this.setterListener('transcript', callback && ((event) => callApp('STT result callback', callback, event.text)));
  }

  /** Listens to a session event (`chat-states`, `connection-quality`, `transcript`, `error`, `close`, …); returns the unsubscribe function. */
  on<K extends SessionEventName>(name: K, listener: SessionEventListener<K>): () => void {
    return this.events.on(name, listener);
  }

  /** Adds an error handler (they add up, all are called); returns the function that removes it. `null` removes them all. */
  setErrorHandler(callback: ((error: Error) => void) | null): () => void {
    return this.setterListener('error', callback && ((error) => callApp('error handler', callback, error)));
  }

  /** `callback(manualClosed)` runs once when the session closes: `true` after `stopSession()`, `false` when it was lost. */
  onClose(callback: (manualClosed: boolean) => void): () => void {
    if (this.isClosed()) {
      queueMicrotask(() => callApp('onClose callback', callback, this.outcome()?.reason === 'manual'));
      return () => {};
    }
    return this.on('close', ({ manualClosed }) => callApp('onClose callback', callback, manualClosed));
  }

  // ---------------------------------------------------------------------------

  /**
   * Checks a turn request and sends it; `beforeSend` gets the turn id first
   * (to start following the turn before any of it can arrive) and answers
   * the request's chunk feed.
   */
  private startTurn(
    method: string,
    options: ProcessLLMOptions,
    mode: Pick<LlmRequest, 'speak' | 'streamed' | 'logged'>,
    beforeSend?: (turnId: string) => Pick<LlmRequest, 'onChunk'>,
  ): string {
    this.assertOpen(method);
    llmMessage(options?.message);
    if (options.tools !== undefined) toolsByName(options.tools);
    const turnId = this.replies.nextId('turn');
    const request: LlmRequest = {
      type: 'LLM.REQUEST',
      turnId,
      message: options.message,
      ...mode,
      ...(options.tools ? { tools: options.tools } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    if (!this.actor.getSnapshot().can(request)) throw new LLMError('Another LLM turn is running; wait for it to finish or call clearBuffer()');
    this.actor.send(beforeSend ? { ...request, ...beforeSend(turnId) } : request);
    return turnId;
  }

  /**
   * Sends the request `event(requestId)` makes and waits for the chart's
   * answer; a session that closes first rejects it with `SessionClosedError`.
   * With `refusal`, a request the chart cannot take now throws that (a plain
   * `Error`: misuse) instead of being sent.
   */
  private request<T>(method: string, event: (requestId: string) => SessionEvent, refusal?: string): Promise<T> {
    const requestId = this.replies.nextId(method);
    const request = event(requestId);
    if (refusal && !this.actor.getSnapshot().can(request)) throw new Error(refusal);
    const reply = this.replies.wait<T>(requestId);
    this.actor.send(request);
    return reply;
  }

  /** A listener that `setErrorHandler` / `setSttResultCallback` add, or (`null`) the removal of all they added. */
  private setterListener<K extends keyof Session['setterListeners']>(name: K, listener: SessionEventListener<K> | null): () => void {
    const added = this.setterListeners[name];
    if (listener === null) {
      for (const remove of [...added]) remove();
      return () => undefined;
    }
    const off = this.events.on(name, listener);
    const remove = (): void => {
      off();
      added.delete(remove);
    };
    added.add(remove);
    return remove;
  }

  private select<T>(selector: (snapshot: SessionSnapshot) => T, equal: (a: T, b: T) => boolean, callback: Listener<T>): () => void {
    let last = selector(this.actor.getSnapshot());
    const subscription = this.actor.subscribe({
      next: (snapshot) => {
        const next = selector(snapshot);
        if (equal(last, next)) return;
        last = next;
        callApp('subscriber', callback, next);
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }

  /** @internal Called by `createSession` as each LLM request goes out and its answer's first byte arrives. */
  llmStep(step: LlmStreamStep): void {
    this.timelines.llmStep(step);
  }

  /** @internal Called by `createSession` for each `message` chunk of a turn. */
  llmMessage(turnId: string): void {
    this.timelines.llmMessage(turnId);
  }

  private emit<K extends SessionEventName>(name: K, payload: SessionEventMap[K]): void {
    // A throwing `error` listener is logged, not reported again as an error.
    this.events.emit(name, payload, name === 'error' ? undefined : (error) => this.reportError(error));
  }

  private emitToolActivity(activity: ToolActivity): void {
    if (activity.name === 'tool-start') this.emit('tool-start', activity.detail);
    else if (activity.name === 'tool-end') this.emit('tool-end', activity.detail);
    else this.emit('tool-error', activity.detail);
  }

  private outcome(): { reason: CloseReason; error?: unknown } | null {
    const snapshot = this.actor.getSnapshot();
    return snapshot.status === 'done' ? snapshot.output ?? null : snapshot.context.outcome;
  }

  private isClosed(): boolean {
    return this.actor.getSnapshot().status !== 'active';
  }

  private assertOpen(method: string): void {
    if (this.isClosed()) throw new SessionClosedError(method, this.outcome()?.reason ?? 'closed');
  }

  private assertVoiceChat(method: string): void {
    this.assertOpen(method);
    if (!this.actor.getSnapshot().context.voiceChat) throw new Error(`${method}() needs a session created with enableVoiceChat: true`);
  }

  /** Whether the session has an avatar link (`STF_WEBRTC`); known once it connected. */
  private hasAvatar(): boolean {
    return hasAvatarLink(this.actor.getSnapshot());
  }

  private assertAvatar(method: string): void {
    if (!this.hasAvatar()) throw new LinkUnavailableError(method, 'no-webrtc');
  }

  private reportError(error: unknown): void {
    this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  /** The closing snapshot (or the actor's crash), seen once by the first snapshot observer. */
  private onFinished(): void {
    const reason = this.outcome()?.reason ?? 'manual';
    this.timelines.close();
    this.replies.rejectAll((requestId) => new SessionClosedError(requestId.replace(/-\d+$/, ''), reason));
    this.parts.release();
    this.emit('close', { manualClosed: reason === 'manual' });
  }
}

