/** Turns the tool results at the end of a conversation into a spoken answer that mentions their values. */
import { textOf, type ChatMessage } from './types.js';
import { words } from './words.js';

/** The answer to a conversation whose last messages are tool results. */
export function summarizeToolResults(messages: readonly ChatMessage[]): string {
  const results: ChatMessage[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--) results.unshift(messages[i]!);
  const names = toolNames(messages);
  const sentences = results.map((result) => {
    const tool = humanize(names.get(result.tool_call_id ?? '') ?? 'the tool');
    const value = parse(textOf(result.content));
    if (isRecord(value) && 'error' in value) return `Sorry, ${tool} failed: ${describe(value.error)}.`;
    return `${capitalise(tool)} says ${describe(value)}.`;
  });
  return sentences.length > 0 ? `Here is what I found. ${sentences.join(' ')}` : 'Done.';
}

function toolNames(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) for (const call of message.tool_calls ?? []) names.set(call.id, call.function?.name ?? 'the tool');
  return names;
}

function describe(value: unknown, depth = 0): string {
  if (value === null || value === undefined || value === '') return 'nothing';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'nothing';
    return value.slice(0, 5).map((item) => describe(item, depth + 1)).join(', ') + (value.length > 5 ? `, and ${value.length - 5} more` : '');
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 || depth > 2) return 'nothing';
    const parts = entries.slice(0, 8).map(([key, item]) => `${words(key).join(' ')} is ${describe(item, depth + 1)}`);
    return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
  }
  return String(value);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function humanize(name: string): string {
  return words(name).join(' ') || name;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
