/**
 * The sizes the wire protocol takes, in one place. The SDK checks them before
 * sending, so an oversized request fails at once with `InvalidArgumentError`
 * instead of being refused (or, on a data channel, closing the channel); the
 * emulator enforces the same numbers.
 */

/** Largest file one upload on the `file` channel carries (`processSTF`), and the largest STT audio. */
export const FILE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Largest message on the `message` data channel, as the UTF-8 JSON sent. 64 KiB
 * is the size every WebRTC stack accepts (RFC 8841's default when a peer
 * announces no `max-message-size`); a larger message may close the channel.
 * It bounds the text of a `ttstf`.
 */
export const MESSAGE_CHANNEL_MAX_BYTES = 64 * 1024;

/** Largest JSON request body (`/llm/v2/`, `/tts/`, `/event/create/`); it bounds one LLM message. */
export const REQUEST_BODY_MAX_BYTES = 1024 * 1024;

const encoder = new TextEncoder();

/** The UTF-8 size of `text`. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

/** Human text for a byte count: "20 MiB", "64 KiB", "1234 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
