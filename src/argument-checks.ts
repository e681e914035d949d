/**
 * The checks a session method makes before it sends anything, so bad input
 * is an `InvalidArgumentError` up front and never a channel closed by an
 * oversized message, a poisoned conversation or a `TypeError` from deep inside.
 */
import { InvalidArgumentError } from './errors.js';
import { encodeMessage } from './protocol/message-channel.js';
import { describeBytes, MESSAGE_CHANNEL_MAX_BYTES, REQUEST_BODY_MAX_BYTES, utf8Bytes } from './protocol/limits.js';
import { prepareSpeechText } from './text/speech-text.js';

/** The `ttstf` text for `message`: something to speak that fits one `message` channel message. */
export function ttstfText(message: unknown): string {
  const speech = typeof message === 'string' ? prepareSpeechText(message) : '';
  if (!speech) throw new InvalidArgumentError('message', 'processTTSTF() needs text with something to speak (empty or emoji-only text has none)');
  const size = utf8Bytes(encodeMessage({ type: 'ttstf', data: { message: speech } }));
  if (size > MESSAGE_CHANNEL_MAX_BYTES) {
    throw new InvalidArgumentError('message', `is too long to speak: ${size} bytes as sent, a message may have at most ${describeBytes(MESSAGE_CHANNEL_MAX_BYTES)}`);
  }
  return speech;
}

/** A user message for the LLM: non-empty text that fits one request body. */
export function llmMessage(message: unknown): string {
  if (typeof message !== 'string' || message.trim() === '') throw new InvalidArgumentError('message', 'must be a non-empty string');
  const size = utf8Bytes(message);
  if (size > REQUEST_BODY_MAX_BYTES) {
    throw new InvalidArgumentError('message', `is ${size} bytes; an LLM request may have at most ${describeBytes(REQUEST_BODY_MAX_BYTES)}`);
  }
  return message;
}

/** The text `processTTS` synthesises: it must be a string. */
export function ttsText(message: unknown): string {
  if (typeof message !== 'string') throw new InvalidArgumentError('message', `must be a string, got ${message === null ? 'null' : typeof message}`);
  return message;
}

/** The `detail` of a `SESSION_LOG` event: a string, or an object sent as its JSON. */
export function eventDetail(detail: unknown): string | undefined {
  if (detail === undefined || typeof detail === 'string') return detail;
  if (typeof detail !== 'object' || detail === null) throw new InvalidArgumentError('detail', 'must be a string or a JSON-serialisable object');
  let text: string;
  try {
    text = JSON.stringify(detail);
  } catch (error) {
    throw new InvalidArgumentError('detail', `is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (utf8Bytes(text) > REQUEST_BODY_MAX_BYTES) throw new InvalidArgumentError('detail', `is larger than ${describeBytes(REQUEST_BODY_MAX_BYTES)} as JSON`);
  return text;
}
