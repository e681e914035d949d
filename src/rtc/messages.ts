import type { ClientMessage, ServerMessage } from '../../machines/messages.js';

const SERVER_TYPES = new Set<ServerMessage['type']>(['ping', 'stf', 'stt', 'stt-error']);

export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}

/** A server message from the `message` channel, or `null` for anything this SDK does not know. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { type, data } = parsed as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || !SERVER_TYPES.has(type as ServerMessage['type'])) return null;
  const payload = typeof data === 'object' && data !== null ? data : {};
  return { type, data: payload } as ServerMessage;
}
