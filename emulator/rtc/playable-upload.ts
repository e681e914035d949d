/**
 * Whether the emulator can speak an uploaded file, decided when the upload
 * ends: a refusal then reaches the client as the file channel's answer
 * (`error:<code>`, PROTOCOL.md "Uploading a file") instead of a `file_ref`
 * whose `stf` would later fail with nothing to tell the client.
 */
import { UPLOAD_NOT_AUDIO, UPLOAD_UNSUPPORTED_FORMAT } from '../../src/protocol/file-channel.js';
import { decodeWav16 } from '../audio/pcm16.js';

/** `null` when the emulator can play `bytes` (a WAV it decodes), else the refusal to answer. */
export function uploadRefusal(bytes: Uint8Array): string | null {
  try {
    decodeWav16(bytes);
    return null;
  } catch {
    return looksLikeMp3(bytes) ? UPLOAD_UNSUPPORTED_FORMAT : UPLOAD_NOT_AUDIO;
  }
}

/** An ID3 tag or an MPEG audio frame sync at the start. */
function looksLikeMp3(bytes: Uint8Array): boolean {
  if (bytes.length >= 3 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) return true;
  return bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0;
}
