import { InvalidArgumentError } from '../errors.js';
import type { ChatMessage, ChatMessageInput } from './types.js';

/**
 * A history entry an app hands in (`addToHistory`, `history`), checked and
 * completed: entries written for the published SDK may leave `type` out, and
 * the history this SDK keeps always has `role`, `type` and `content`.
 */
export function toHistoryEntry(entry: ChatMessageInput, name: string): ChatMessage {
  if (typeof entry !== 'object' || entry === null) throw new InvalidArgumentError(name, 'must be a message history entry ({ role, type, content })');
  const { role, content } = entry as { role?: unknown; content?: unknown };
  if (typeof content !== 'string') throw new InvalidArgumentError(name, `needs its content as a string, got ${content === null ? 'null' : typeof content}`);
  switch (role) {
    case 'user':
      return { ...entry, role, type: 'message', content } as ChatMessage;
    case 'assistant': {
      const calls = (entry as { tool_calls?: unknown }).tool_calls;
      if (calls !== undefined && !Array.isArray(calls)) throw new InvalidArgumentError(name, 'has tool_calls that are not a list');
      return { ...entry, type: calls ? 'tool_call' : 'message' } as ChatMessage;
    }
    case 'tool':
      if (typeof (entry as { tool_call_id?: unknown }).tool_call_id !== 'string') throw new InvalidArgumentError(name, 'is a tool result without its tool_call_id');
      return { ...entry, type: 'tool_call' } as ChatMessage;
    default:
      throw new InvalidArgumentError(name, `has role ${JSON.stringify(role)}; expected "user", "assistant" or "tool"`);
  }
}
