/**
 * Runs one client tool for a tool call, and decides whether a tool round
 * needs a follow-up request (PROTOCOL.md, "The LLM stream").
 */
import { InvalidArgumentError } from '../errors.js';
import type { ChatTool } from './chat-tool.js';
import type { ToolObserver } from './tool-activity.js';
import type { ToolCall } from './types.js';

/** How long a client tool may take when neither it nor the processor says otherwise. */
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

/** The result sent to the model for a tool that did not settle in time. */
export const TOOL_TIMEOUT_RESULT = { error: 'timeout' } as const;

export interface ToolOutcome {
  call: ToolCall;
  result: unknown;
  /** The JSON sent back to the model. */
  content: string;
}

/**
 * Calls `tool` with the call's arguments. Never rejects: bad arguments, a
 * throw, a result that is not JSON, or no answer within `timeoutMs` become an
 * `{error}` result, so the turn goes on and the model hears what happened.
 */
export async function runTool(tool: ChatTool, call: ToolCall, timeoutMs: number, observer?: ToolObserver): Promise<ToolOutcome> {
  const startedAt = performance.now();
  const activity = { callId: call.id, name: tool.name, at: startedAt };
  const failed = (result: { error: string }, args: Record<string, unknown> | string): ToolOutcome => {
    observer?.failed({ ...activity, arguments: args, durationMs: performance.now() - startedAt, error: new Error(result.error) });
    return { call, result, content: JSON.stringify(result) };
  };
  let args: Record<string, unknown>;
  try {
    args = parseArguments(call.function.arguments);
  } catch (error) {
    observer?.started({ ...activity, arguments: call.function.arguments });
    return failed({ error: `Invalid arguments for ${tool.name}: ${describe(error)}` }, call.function.arguments);
  }
  observer?.started({ ...activity, arguments: args });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<typeof TOOL_TIMEOUT_RESULT>((resolve) => {
    timer = setTimeout(() => resolve(TOOL_TIMEOUT_RESULT), timeoutMs);
  });
  let result: unknown;
  try {
    result = await Promise.race([Promise.resolve().then(() => tool.call(args)), timedOut]);
  } catch (error) {
    return failed({ error: describe(error) }, args);
  } finally {
    clearTimeout(timer);
  }
  if (result === TOOL_TIMEOUT_RESULT) return failed({ ...TOOL_TIMEOUT_RESULT }, args);
  let content: string | undefined;
  try {
    content = JSON.stringify(result ?? null);
  } catch (error) {
    return failed({ error: `The result of ${tool.name} is not JSON-serialisable: ${describe(error)}` }, args);
  }
  observer?.ended({ ...activity, arguments: args, durationMs: performance.now() - startedAt, result });
  return { call, result, content: content ?? 'null' };
}

/**
 * The follow-up rule: ask the model again only when a client tool ran AND
 * (some tool that ran is not `executeOnly`, OR some requested tool was not a
 * client tool). A round answered only by server-run tools was already
 * answered in the same stream.
 */
export function needsFollowUp(calls: readonly ToolCall[], tools: ReadonlyMap<string, ChatTool>): boolean {
  const ran = calls.map((call) => tools.get(call.function.name)).filter((tool): tool is ChatTool => tool !== undefined);
  if (ran.length === 0) return false;
  return ran.some((tool) => !tool.executeOnly) || ran.length < calls.length;
}

/** The tools by name; two tools of one name are an `InvalidArgumentError`. */
export function toolsByName(tools: readonly ChatTool[], argument = 'tools'): Map<string, ChatTool> {
  if (!Array.isArray(tools)) throw new InvalidArgumentError(argument, 'must be an array of ChatTool');
  const byName = new Map<string, ChatTool>();
  for (const tool of tools) {
    if (typeof tool?.toDefinition !== 'function') throw new InvalidArgumentError(argument, 'must be an array of ChatTool');
    if (byName.has(tool.name)) throw new InvalidArgumentError(argument, `two tools are named ${JSON.stringify(tool.name)}; tool names must be unique`);
    byName.set(tool.name, tool);
  }
  return byName;
}

function parseArguments(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`expected a JSON object, got ${json}`);
  return parsed as Record<string, unknown>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
