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
/** What the emulator sends instead of a `file_ref` when an upload exceeds its size limit (then it closes the channel). */
export const UPLOAD_TOO_LARGE = 'error:too_large';

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
