/**
 * User rules for the LLM: when the last user message matches `pattern`, the
 * rule answers instead of the engine. A rule with `toolCall` asks for that
 * tool; on the follow-up call (tool results last) it answers `reply` if it
 * has one, else the engine answers from the tool results.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from '../../http/respond.js';
import { messageChunks, toolCall } from './scripted.js';
import { lastUserText, type ChatMessage, type LlmChunk } from './types.js';

export interface LlmRule {
  /** A string matches case-insensitively anywhere in the user's message; a RegExp is tested as is. */
  pattern: string | RegExp;
  /** The answer: a string (streamed in sentence chunks) or the exact chunks to stream. */
  reply?: string | string[];
  /** A tool to call; `arguments` is an object or a JSON string. */
  toolCall?: { name: string; arguments?: Record<string, unknown> | string };
}

/** A rule as the control route and `--llm-rules` files give it (JSON). */
export interface LlmRuleJson {
  pattern?: string;
  /** A regular expression source, instead of `pattern`. */
  regex?: string;
  /** Flags for `regex`. @default "i" */
  flags?: string;
  reply?: string | string[];
  toolCall?: { name: string; arguments?: Record<string, unknown> | string };
}

export interface StoredLlmRule extends LlmRule {
  id: string;
}

export class LlmRules {
  private rules: StoredLlmRule[] = [];

  /** Adds a rule after the existing ones (the first matching rule wins); returns its id. */
  add(rule: LlmRule): string {
    validateRule(rule);
    const id = randomUUID();
    this.rules.push({ ...rule, id });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): StoredLlmRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** The chunks the first matching rule answers with, or null to let the engine answer. */
  answer(messages: readonly ChatMessage[]): LlmChunk[] | null {
    const text = lastUserText(messages);
    const rule = this.rules.find((item) => matches(item.pattern, text));
    if (!rule) return null;
    const afterTools = messages.at(-1)?.role === 'tool';
    if (rule.toolCall && !afterTools) {
      const call = toolCall({ type: 'function', function: { name: rule.toolCall.name } }, {});
      const args = rule.toolCall.arguments;
      // A string is sent verbatim, so a rule can also hand the client malformed arguments.
      call.function.arguments = typeof args === 'string' ? args : JSON.stringify(args ?? {});
      return [{ type: 'tool_call', content: '', tool_calls: [call] }];
    }
    if (rule.reply === undefined) return null;
    return Array.isArray(rule.reply) ? rule.reply.map((content) => ({ type: 'message', content })) : [...messageChunks(rule.reply)];
  }
}

/** A rule from JSON; throws a 400 `invalid` error naming the bad field. */
export function ruleFromJson(json: unknown): LlmRule {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidRule(null, 'A rule must be an object');
  const value = json as LlmRuleJson;
  let pattern: string | RegExp;
  if (typeof value.regex === 'string') {
    try {
      pattern = new RegExp(value.regex, value.flags ?? 'i');
    } catch (error) {
      throw invalidRule('regex', `Invalid regex: ${(error as Error).message}`);
    }
  } else if (typeof value.pattern === 'string') {
    pattern = value.pattern;
  } else {
    throw invalidRule('pattern', 'A rule needs "pattern" (text) or "regex"');
  }
  const rule: LlmRule = { pattern };
  if (value.reply !== undefined) rule.reply = value.reply;
  if (value.toolCall !== undefined) rule.toolCall = value.toolCall;
  validateRule(rule);
  return rule;
}

/** A rule as JSON (for listing). */
export function ruleToJson(rule: StoredLlmRule): LlmRuleJson & { id: string } {
  const { pattern, id, ...rest } = rule;
  return pattern instanceof RegExp ? { id, regex: pattern.source, flags: pattern.flags, ...rest } : { id, pattern, ...rest };
}

function validateRule(rule: LlmRule): void {
  if (!(rule.pattern instanceof RegExp) && (typeof rule.pattern !== 'string' || rule.pattern === '')) throw invalidRule('pattern', 'pattern must be a non-empty string or a RegExp');
  if (rule.reply === undefined && rule.toolCall === undefined) throw invalidRule('reply', 'A rule needs "reply" or "toolCall"');
  if (rule.reply !== undefined && typeof rule.reply !== 'string' && !(Array.isArray(rule.reply) && rule.reply.every((item) => typeof item === 'string'))) {
    throw invalidRule('reply', 'reply must be a string or a list of strings');
  }
  if (rule.toolCall !== undefined) {
    if (typeof rule.toolCall !== 'object' || rule.toolCall === null || typeof rule.toolCall.name !== 'string' || rule.toolCall.name === '') {
      throw invalidRule('toolCall', 'toolCall must be {name, arguments?}');
    }
    const args = rule.toolCall.arguments;
    if (args !== undefined && typeof args !== 'string' && (typeof args !== 'object' || args === null || Array.isArray(args))) {
      throw invalidRule('toolCall', 'toolCall.arguments must be an object or a JSON string');
    }
  }
}

function matches(pattern: string | RegExp, text: string): boolean {
  if (typeof pattern === 'string') return text.toLowerCase().includes(pattern.toLowerCase());
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function invalidRule(attr: string | null, detail: string): HttpError {
  return new HttpError(400, 'invalid', detail, attr);
}
