/**
 * How the scripted engine decides to call a tool, and with what: the tool
 * whose name (weighted) or description shares the most meaningful words with
 * the user's message; arguments read from the message, guided by each schema
 * property's type, enum, name and description.
 */
import type { JsonSchema, ToolSpec } from './types.js';
import { keywords, titleCase, words } from './words.js';

const NAME_WEIGHT = 3;
const MIN_SCORE = 2;

/** The best-matching tool for `message`, or null when none matches well enough. */
export function chooseTool<T extends ToolSpec>(message: string, tools: readonly T[]): T | null {
  const said = new Set(keywords(message));
  let best: T | null = null;
  let bestScore = 0;
  for (const tool of tools) {
    const nameHits = new Set(keywords(tool.function.name).filter((word) => said.has(word))).size;
    const descriptionHits = new Set(keywords(tool.function.description ?? '').filter((word) => said.has(word))).size;
    const score = nameHits * NAME_WEIGHT + descriptionHits;
    if (score > bestScore) {
      best = tool;
      bestScore = score;
    }
  }
  return bestScore >= MIN_SCORE ? best : null;
}

const HINTS = {
  place: ['location', 'city', 'place', 'country', 'address', 'region', 'destination', 'where', 'town', 'area', 'timezone', 'zone'],
  date: ['date', 'day', 'when', 'time'],
  email: ['email', 'mail'],
  url: ['url', 'link', 'website', 'site', 'href'],
  person: ['name', 'person', 'contact', 'recipient', 'user', 'who'],
  topic: ['query', 'text', 'message', 'question', 'topic', 'content', 'search', 'prompt', 'keyword', 'subject', 'term', 'title', 'note', 'body', 'q'],
};

export interface ExtractedArguments {
  args: Record<string, unknown>;
  /** Required properties the message does not give (e.g. no place for a `location`). */
  missing: string[];
}

/** Arguments for a tool with `schema`, read from `message`; optional properties only when found. */
export function extractArguments(message: string, schema: JsonSchema | undefined): ExtractedArguments {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  const numbers = [...message.matchAll(/-?\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));
  const args: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const value = extractValue(message, name, property, numbers, required.has(name));
    if (value !== undefined) args[name] = value;
    else if (required.has(name)) missing.push(name);
  }
  return { args, missing };
}

function extractValue(message: string, name: string, property: JsonSchema, numbers: number[], required: boolean): unknown {
  const hints = new Set(words(`${name} ${property.description ?? ''}`));
  const hinted = (list: readonly string[]) => list.some((word) => hints.has(word));
  const type = Array.isArray(property.type) ? property.type.find((item) => item !== 'null') : property.type;

  if (Array.isArray(property.enum) && property.enum.length > 0) {
    const said = property.enum.find((option) => typeof option === 'string' && new RegExp(`\\b${escapeRegExp(option)}\\b`, 'i').test(message));
    return said ?? (required ? property.enum[0] : undefined);
  }
  if (type === 'number' || type === 'integer') {
    const next = numbers.shift();
    if (next === undefined) return undefined;
    return type === 'integer' ? Math.round(next) : next;
  }
  if (type === 'boolean') {
    const negative = /\b(off|disable|stop|no|not|false|without)\b/i.test(message);
    return required || hinted(words(message)) ? !negative : undefined;
  }
  if (type === 'array' || type === 'object') return required ? (type === 'array' ? [] : {}) : undefined;

  const quoted = message.match(/"([^"]+)"|'([^']{2,})'|“([^”]+)”/);
  if (hinted(HINTS.email)) return message.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/)?.[0];
  if (hinted(HINTS.url)) return message.match(/https?:\/\/\S+/)?.[0];
  if (hinted(HINTS.place)) return placeIn(message);
  if (hinted(HINTS.date) && !hinted(HINTS.topic)) return dateIn(message) ?? (required ? 'today' : undefined);
  if (hinted(HINTS.person) && !hinted(HINTS.topic)) return personIn(message);
  if (quoted) return quoted[1] ?? quoted[2] ?? quoted[3];
  if (hinted(HINTS.topic) || required) return topicPhrase(message);
  return undefined;
}

/** Words that end a lower-case place name: "in new york in fahrenheit today" → "new york". */
const PLACE_STOP = '(?:in|at|on|for|with|by|and|or|to|from|today|tomorrow|tonight|now|right|please|this|next|celsius|fahrenheit)\\b';

/** "weather in Paris" → "Paris"; "in new york today?" → "New York". */
export function placeIn(message: string): string | undefined {
  const capitalised = message.match(/\b(?:in|at|for|near|to|from|of|around)\s+((?:[A-Z][\p{L}'.-]*)(?:\s+(?:[A-Z][\p{L}'.-]*|de|del|la|le|am|upon|on))*)/u);
  if (capitalised) return capitalised[1]!.replace(/\s+(?:de|del|la|le|am|upon|on)$/u, '').replace(/[.]$/, '');
  const lower = message.match(new RegExp(`\\b(?:in|at|near|around)\\s+((?!${PLACE_STOP})[\\p{L}'-]+(?:\\s+(?!${PLACE_STOP})[\\p{L}'-]+)*)`, 'iu'));
  if (lower && !/^(the|a|an|my|your)$/i.test(lower[1]!)) return titleCase(lower[1]!);
  return message.slice(1).match(/\b[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)*/u)?.[0];
}

function dateIn(message: string): string | undefined {
  return message.match(/\b\d{4}-\d{2}-\d{2}\b/)?.[0]
    ?? message.match(/\b(today|tomorrow|yesterday|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i)?.[1]?.toLowerCase();
}

function personIn(message: string): string | undefined {
  return message.match(/\b(?:named|called|to|for|with)\s+([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?)/u)?.[1]
    ?? message.slice(1).match(/\b[A-Z][\p{L}'-]+/u)?.[0];
}

/** The message without a leading request phrase or trailing punctuation: "search for cats?" → "cats". */
export function topicPhrase(message: string): string {
  const stripped = message
    .trim()
    .replace(/^(?:please\s+)?(?:can you\s+|could you\s+|would you\s+)?(?:please\s+)?/i, '')
    .replace(/^(?:search(?:\s+for)?|look\s+up|find|tell me about|what is|what's|what are|who is|who was|define|explain|remind me to|note that|send)\s+/i, '')
    .replace(/[?.!\s]+$/, '')
    .trim();
  return stripped || message.trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
