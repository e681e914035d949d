/**
 * One LLM turn after another over `/llm/v2/`, with the message history those
 * turns build: the turn runner (`turn-runner.ts`, shared with the session
 * chart's turns) plus a history it owns. Usable on its own, without a Session.
 *
 * History rules: the user message is committed when the turn starts; the
 * rest follows the runner's commit rules (finished assistant text, whole tool
 * exchanges, the text shown so far on abort or error; a refused request
 * rolls the whole turn back). Entries handed in without `type` get one.
 *
 * `callbacks` (processor-callbacks.ts) are told about every turn as it runs.
 */
import { sessionApi } from '../api/session-endpoints.js';
import { DEFAULT_API_SERVER, normalizeApiServer, requireText } from '../api/validate.js';
import { llmMessage } from '../argument-checks.js';
import { AbortError, InvalidArgumentError } from '../errors.js';
import type { ChatLogEntry } from '../../machines/session.types.js';
import type { ChatTool } from './chat-tool.js';
import { toHistoryEntry } from './history-entry.js';
import { checkedCallbacks, TurnCallbacks } from './processor-callbacks.js';
import type { LlmProcessorCallbacks } from './processor-callbacks.js';
import { toolsByName } from './tool-runner.js';
import { checkedToolTimeout, runLlmTurn } from './turn-runner.js';
import type { OpenLlmStream } from './turn-runner.js';
import type { ChatMessage, ChatMessageInput, LLMChunk } from './types.js';

export { MAX_LLM_REQUESTS_PER_TURN } from './turn-runner.js';
export type { LlmRequestBody, OpenLlmStream } from './turn-runner.js';
export type { LlmProcessorCallbacks } from './processor-callbacks.js';

export interface LlmProcessorOptions {
  /** @default "https://platform.perso.ai" */
  apiServer?: string;
  sessionId: string;
  /** Tools offered to the model on every turn (unless a turn passes its own). */
  clientTools?: ChatTool[];
  /** Replaces the HTTP request (tests, proxies). */
  openStream?: OpenLlmStream;
  /** A conversation to continue. */
  history?: ChatMessageInput[];
  /** Told about every turn: chat states, failures, the chat log, the text to speak (as published). */
  callbacks?: LlmProcessorCallbacks;
  /** How long a client tool without its own `timeoutMs` may run before the model is answered `{error: "timeout"}`. @default 30000 */
  toolTimeoutMs?: number;
}

export interface ProcessLLMOptions {
  message: string;
  /** The client tools for this turn, instead of the processor's `clientTools`. */
  tools?: ChatTool[];
  /** Aborting ends the generator with `AbortError` and cancels the stream. */
  signal?: AbortSignal;
}

export class LlmProcessor {
  private history: ChatMessage[];
  private readonly clientTools: ChatTool[];
  private readonly openStream: OpenLlmStream;
  private readonly toolTimeoutMs: number;
  private readonly callbacks: LlmProcessorCallbacks;
  /** What `callbacks.onChatLog` is shown, newest first. */
  private readonly chatLog: ChatLogEntry[] = [];

  constructor(options: LlmProcessorOptions) {
    this.clientTools = [...toolsByName(options.clientTools ?? [], 'clientTools').values()];
    this.toolTimeoutMs = checkedToolTimeout(options.toolTimeoutMs);
    this.callbacks = checkedCallbacks(options.callbacks);
    if (options.history !== undefined && !Array.isArray(options.history)) throw new InvalidArgumentError('history', 'must be a list of message history entries');
    this.history = (options.history ?? []).map((entry, index) => toHistoryEntry(entry, `history[${index}]`));
    if (options.openStream) {
      this.openStream = options.openStream;
    } else {
      // Checked here, so a bad server or session id fails the constructor rather than every turn.
      const apiServer = normalizeApiServer(options.apiServer ?? DEFAULT_API_SERVER);
      const sessionId = requireText('sessionId', options.sessionId);
      this.openStream = (body, signal) => sessionApi.openLLMStream(apiServer, sessionId, body, signal);
    }
  }

  /** A copy of the conversation so far. */
  getMessageHistory(): ChatMessage[] {
    return [...this.history];
  }

  /** A copy of the conversation so far (the published name of `getMessageHistory`). */
  getHistory(): ChatMessage[] {
    return this.getMessageHistory();
  }

  /** Appends one entry to the conversation the next turn sends (call it between turns); a missing `type` is filled in. */
  addToHistory(entry: ChatMessageInput): void {
    this.history.push(toHistoryEntry(entry, 'entry'));
  }

  /** Forgets the conversation (call it between turns). */
  clearHistory(): void {
    this.history = [];
  }

  /**
   * Runs one turn. Failures are yielded as a last `{type:'error'}` chunk
   * (always an `LLMError`, whose `underlyingError` is the `LLMStreamingResponseError` of a bad stream line or the
   * API or network error otherwise); only an abort is thrown (`AbortError`).
   * An empty message throws `InvalidArgumentError` at the first `next()`.
   */
  async *processLLM(options: ProcessLLMOptions): AsyncGenerator<LLMChunk, void, undefined> {
    const message = llmMessage(options?.message);
    const tools = toolsByName(options.tools ?? this.clientTools);
    const { signal } = options;
    if (signal?.aborted) throw new AbortError('The LLM turn was aborted', { cause: signal.reason });
    const history = this.history;
    const startLength = history.length;
    history.push({ role: 'user', type: 'message', content: message });
    const told = new TurnCallbacks(this.callbacks, this.chatLog);
    told.start(message);
    try {
      for await (const chunk of runLlmTurn({
        conversation: history,
        tools,
        toolTimeoutMs: this.toolTimeoutMs,
        openStream: this.openStream,
        signal,
        commit: (entry) => history.push(entry),
        rollBack: () => void (history.length = startLength),
      })) {
        told.chunk(chunk);
        yield chunk;
      }
    } finally {
      told.end();
    }
  }
}
