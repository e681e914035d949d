import type { AudioFormat } from '../protocol/message-channel.js';
import { InvalidArgumentError } from '../errors.js';

const FORMATS_BY_NAME: Record<string, AudioFormat> = {
  wav: 'wav',
  wave: 'wav',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  mp3: 'mp3',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mpeg3': 'mp3',
  'audio/x-mpeg-3': 'mp3',
};

/**
 * The `stf` format for `processSTF(file, format?)`: a canonical name
 * (`wav`, `mp3`) or a MIME type, else the file's own MIME type.
 */
export function resolveStfFormat(format: string | undefined, file: Blob): AudioFormat {
  const given = format ?? file.type;
  const key = (given ?? '').split(';')[0]!.trim().toLowerCase();
  const resolved = FORMATS_BY_NAME[key];
  if (resolved) return resolved;
  throw new InvalidArgumentError(
    'format',
    given
      ? `unsupported audio format ${JSON.stringify(given)}; use 'wav' or 'mp3', or a MIME type such as 'audio/wav' or 'audio/mpeg'`
      : "the file has no MIME type; pass the format: 'wav' or 'mp3'",
  );
}
