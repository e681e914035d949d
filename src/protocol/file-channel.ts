/**
 * Framing of the `file` data channel (PROTOCOL.md, "Uploading a file"): the
 * server says it is ready with one empty text message, the client sends
 * binary chunks and one empty binary message as end of file, the server
 * answers the `file_ref` as text.
 */

/** Label and sub-protocol of the channel the client opens for each upload. */
export const FILE_CHANNEL = 'file';
export const UPLOAD_CHUNK_BYTES = 64 * 1024;
/** The client pauses while more than this is buffered. */
export const UPLOAD_HIGH_WATER_BYTES = 512 * 1024;
export const UPLOAD_TIMEOUT_MS = 30_000;

/** The server's "ready" message. */
export const FILE_READY = '';
/**
 * A server refuses an upload by answering `error:<code>` instead of a
 * `file_ref` (then it closes the channel): a `file_ref` never starts with it.
 */
export const UPLOAD_REFUSAL_PREFIX = 'error:';
/** The upload exceeds the server's size limit. */
export const UPLOAD_TOO_LARGE = `${UPLOAD_REFUSAL_PREFIX}too_large`;
/** The bytes are neither a WAV nor an MP3. */
export const UPLOAD_NOT_AUDIO = `${UPLOAD_REFUSAL_PREFIX}not_audio`;
/** Audio the server cannot play (the emulator plays WAV only). */
export const UPLOAD_UNSUPPORTED_FORMAT = `${UPLOAD_REFUSAL_PREFIX}unsupported_format`;

/** The refusal code of a server answer (`too_large` for `error:too_large`), or `null` for a `file_ref`. */
export function uploadRefusalCode(answer: string): string | null {
  return answer.startsWith(UPLOAD_REFUSAL_PREFIX) ? answer.slice(UPLOAD_REFUSAL_PREFIX.length) || 'refused' : null;
}

/** The client's end-of-file message. */
export function endOfFile(): ArrayBuffer {
  return new ArrayBuffer(0);
}

/** The bytes of a binary message, or `null` for a text one. */
export function binaryPayload(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
