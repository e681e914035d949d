/**
 * One LLM turn over `/llm/v2/` (PROTOCOL.md, "The LLM stream"): streaming
 * text, running client tools, follow-up rounds. It keeps no history of its
 * own: it starts from `conversation` and hands each entry it settles to
 * `commit`, so a `LlmProcessor` or the session chart is the history's one
 * owner.
 *
 * Commit rules:
 * - Assistant text is committed as one `{role:'assistant', type:'message'}`
 *   entry when its message finishes — exactly the text of the `finish` chunk
 *   (emoji removed, as shown).
 * - A tool exchange (the `tool_call` entry, then one `role:'tool'` entry per
 *   call: server results from the stream and client results, in `tool_calls`
 *   order) is committed as a unit once every client tool has answered, so the
 *   history never holds a tool call without its results.
 * - Abort (the signal, or the consumer leaving the loop) and errors commit the
 *   assistant text already yielded (at the moment of the abort, so a turn
 *   started right after it sees it), and drop a tool exchange still in
 *   progress. Nothing is committed after that.
 * - A request the server refused (an error answer instead of a stream: a 413
 *   for an oversized message, a 400) calls `rollBack`: the owner forgets the
 *   whole turn, its user message included, so one bad message never poisons
 *   the turns after it.
 */
import { AbortError, ApiError, InvalidArgumentError, LLMError, LLMStreamingResponseError } from '../errors.js';
import { removeEmoji } from '../text/speech-text.js';
import { isPositiveDuration, type ChatTool } from './chat-tool.js';
import { MessagePieces } from './message-pieces.js';
import { LlmStreamReads } from './sse-parser.js';
import type { ToolObserver } from './tool-activity.js';
import { DEFAULT_TOOL_TIMEOUT_MS, needsFollowUp, runTool, type ToolOutcome } from './tool-runner.js';
import type { AssistantToolCallMessage, ChatMessage, LLMChunk, ToolDefinition, ToolResultMessage } from './types.js';

/** The most `/llm/v2/` requests one turn makes: the first and its follow-ups after tool calls. */
export const MAX_LLM_REQUESTS_PER_TURN = 10;

export interface LlmRequestBody {
  messages: ChatMessage[];
  tools: ToolDefinition[];
}

/** Opens the LLM stream for one request; must reject with the SDK's `ApiError`/`NetworkError`/`AbortError`. */
export type OpenLlmStream = (body: LlmRequestBody, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>;

export interface LlmTurnRun {
  /** The conversation so far, ending with the user's message. */
  conversation: readonly ChatMessage[];
  tools: ReadonlyMap<string, ChatTool>;
  /** For client tools without their own `timeoutMs`. */
  toolTimeoutMs: number;
  openStream: OpenLlmStream;
  /** Aborting ends the generator with `AbortError` and cancels the stream. */
  signal?: AbortSignal;
  /** Receives each history entry the turn settles (see the commit rules above). */
  commit(entry: ChatMessage): void;
  /** The server refused a request: forget this turn, its user message included. */
  rollBack(): void;
  /** Told as each client tool starts and settles. */
  toolObserver?: ToolObserver;
}

/** `toolTimeoutMs` as given (checked), or the default. */
export function checkedToolTimeout(toolTimeoutMs: unknown = DEFAULT_TOOL_TIMEOUT_MS): number {
  if (!isPositiveDuration(toolTimeoutMs)) throw new InvalidArgumentError('toolTimeoutMs', `must be a positive number of milliseconds, got ${String(toolTimeoutMs)}`);
  return toolTimeoutMs;
}

/**
 * Runs one turn. Failures are yielded as a last `{type:'error'}` chunk
 * (always an `LLMError`, whose `underlyingError` is the `LLMStreamingResponseError` of a bad stream line or the
 * API or network error otherwise); only an abort is thrown (`AbortError`).
 */
export async function* runLlmTurn(run: LlmTurnRun): AsyncGenerator<LLMChunk, void, undefined> {
  const { tools, signal } = run;
  const definitions = [...tools.values()].map((tool) => tool.toDefinition());
  if (signal?.aborted) throw abortError(signal);

    const controller = new AbortController();
    const conversation = [...run.conversation];
    const log = new TurnLog({
      commit: (entry) => {
        conversation.push(entry);
        run.commit(entry);
      },
      rollBack: run.rollBack,
    });
    const onAbort = (): void => {
      log.close();
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
    });
    aborted.catch(() => undefined);
    const checkAbort = (): void => {
      if (controller.signal.aborted) throw abortError(signal);
    };
    // Set on every way the turn runs to its end: only a turn stopped early has a request to cancel.
    let ended = false;

    try {
      for (let round = 0; ; round++) {
        let stream: ReadableStream<Uint8Array>;
        try {
          stream = await Promise.race([run.openStream({ messages: [...conversation], tools: definitions }, controller.signal), aborted]);
        } catch (error) {
          checkAbort();
          if (error instanceof ApiError) log.rollBack();
          ended = true;
          yield { type: 'error', error: new LLMError(`The LLM request failed: ${describe(error)}`, error) };
          return;
        }

        const exchanges: ToolExchange[] = [];
        const strayResults: ToolResultMessage[] = [];
        // The loop awaits each read itself: no generator between the network and the chunks.
        const reads = new LlmStreamReads(stream, controller.signal);
        try {
          for (let read = await reads.next(); ; read = await reads.next()) {
            checkAbort();
            const batch = reads.decode(read);
            // Pieces of one network read are reported in one chunk.
            let unreported = false;
            for (const event of batch) {
              if (event.type === 'message') {
                const piece = removeEmoji(event.content);
                // Text after a round the server answered itself (MCP tools) follows that round in the history.
                for (const exchange of exchanges) if (!exchange.committed && exchange.answeredByServer()) exchange.commitTo(log);
                if (piece !== '') {
                  unreported = true;
                  log.show(piece);
                }
              } else if (event.type === 'tool_call') {
                if (unreported) yield log.chunk();
                unreported = false;
                checkAbort();
                const finished = log.finishMessage();
                if (finished) yield finished;
                checkAbort();
                exchanges.push(new ToolExchange({ role: 'assistant', type: 'tool_call', content: event.content, tool_calls: event.tool_calls }));
                yield { type: 'tool_call', tool_calls: event.tool_calls };
                checkAbort();
              } else {
                const result: ToolResultMessage = { role: 'tool', type: 'tool_call', content: event.content, tool_call_id: event.tool_call_id };
                const exchange = exchanges.find((candidate) => candidate.has(event.tool_call_id));
                if (exchange) exchange.results.set(event.tool_call_id, result);
                else strayResults.push(result);
              }
            }
            if (unreported) yield log.chunk();
            checkAbort();
            reads.throwIfFailed();
            if (read.done) break;
          }
        } catch (error) {
          checkAbort();
          // Always an LLMError (as published); a bad stream line is its underlyingError.
          const reason = error instanceof LLMStreamingResponseError ? `The LLM stream failed: ${error.description}` : `The LLM stream broke off: ${describe(error)}`;
          ended = true;
          yield { type: 'error', error: new LLMError(reason, error) };
          return;
        } finally {
          reads.release();
        }

        const finished = log.finishMessage();
        if (finished) yield finished;
        checkAbort();

        const calls = exchanges.flatMap((exchange) => exchange.entry.tool_calls);
        const running = new Map<string, Promise<ToolOutcome>>();
        for (const call of calls) {
          const tool = tools.get(call.function.name);
          if (tool && !running.has(call.id)) running.set(call.id, runTool(tool, call, tool.timeoutMs ?? run.toolTimeoutMs, run.toolObserver));
        }
        const clientResults = new Map<string, ToolResultMessage>();
        while (running.size > 0) {
          const outcome = await Promise.race([...running.values(), aborted]);
          running.delete(outcome.call.id);
          clientResults.set(outcome.call.id, { role: 'tool', type: 'tool_call', content: outcome.content, tool_call_id: outcome.call.id });
          yield { type: 'tool_result', tool_call_id: outcome.call.id, name: outcome.call.function.name, result: outcome.result };
          checkAbort();
        }
        for (const exchange of exchanges) if (!exchange.committed) exchange.commitTo(log, clientResults);
        for (const result of strayResults) log.commit(result);

        if (!needsFollowUp(calls, tools)) {
          ended = true;
          return;
        }
        if (round + 1 >= MAX_LLM_REQUESTS_PER_TURN) {
          ended = true;
          yield {
            type: 'error',
            error: new LLMError(`The model kept calling tools: stopped after ${MAX_LLM_REQUESTS_PER_TURN} LLM requests in one turn`),
          };
          return;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      log.close();
      if (!ended) controller.abort();
    }
}

/** The turn's view of the history: what is committed, and the text shown but not yet committed. */
class TurnLog {
  private readonly current = new MessagePieces();
  private closed = false;

  constructor(private readonly history: Pick<LlmTurnRun, 'commit' | 'rollBack'>) {}

  commit(entry: ChatMessage): void {
    if (!this.closed) this.history.commit(entry);
  }

  show(piece: string): void {
    this.current.add(piece);
  }

  /** A `message` chunk with every piece of the current message so far (a shared read-only view). */
  chunk(): LLMChunk {
    return this.current.chunk(false);
  }

  /** Commits the current message; answers its `finish` chunk (complete `chunks` and `message`), or nothing when no text was shown. */
  finishMessage(): LLMChunk | undefined {
    if (this.current.isEmpty) return undefined;
    const finished = this.current.chunk(true);
    this.commit({ role: 'assistant', type: 'message', content: finished.message });
    this.current.reset();
    return finished;
  }

  /** Forgets everything this turn committed and ignores every later commit. */
  rollBack(): void {
    if (this.closed) return;
    this.history.rollBack();
    this.current.reset();
    this.closed = true;
  }

  /** Keeps the text already shown and ignores every later commit. */
  close(): void {
    if (this.closed) return;
    if (!this.current.isEmpty) this.commit({ role: 'assistant', type: 'message', content: this.current.message });
    this.current.reset();
    this.closed = true;
  }
}

class ToolExchange {
  /** Results the server streamed for its own (MCP) tools. */
  readonly results = new Map<string, ToolResultMessage>();
  committed = false;
  constructor(readonly entry: AssistantToolCallMessage) {}

  has(toolCallId: string): boolean {
    return this.entry.tool_calls.some((call) => call.id === toolCallId);
  }

  answeredByServer(): boolean {
    return this.entry.tool_calls.every((call) => this.results.has(call.id));
  }

  /** The tool-call entry, then each call's result in `tool_calls` order (a client result wins over a server one). */
  commitTo(log: TurnLog, clientResults: ReadonlyMap<string, ToolResultMessage> = new Map()): void {
    this.committed = true;
    log.commit(this.entry);
    for (const call of this.entry.tool_calls) {
      const result = clientResults.get(call.id) ?? this.results.get(call.id);
      if (result) log.commit(result);
    }
  }
}

function abortError(signal: AbortSignal | undefined): AbortError {
  return new AbortError('The LLM turn was aborted', { cause: signal?.reason });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
