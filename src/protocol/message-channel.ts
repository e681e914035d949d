/**
 * The `message` data channel (PROTOCOL.md, "Messages on the message channel"):
 * JSON text `{"type", "data"}` both ways. The SDK and the emulator both speak
 * it through this module, so neither can drift from the other unnoticed.
 */

/** Label and sub-protocol of the data channel the client opens for messages. */
export const MESSAGE_CHANNEL = 'message';

export type AudioFormat = 'wav' | 'mp3';

type NoData = Record<string, never>;

export type ClientMessage =
  | { type: 'ping'; data: NoData }
  | { type: 'ttstf'; data: { message: string } }
  | { type: 'stf'; data: { message: string; file_ref: string; format: AudioFormat } }
  | { type: 'change-size'; data: { width: number; height: number } }
  | { type: 'set-template'; data: { model?: string; dress?: string } }
  | { type: 'clear-buffer'; data: NoData }
  | { type: 'record-start'; data: NoData }
  | { type: 'record-end-stt'; data: { language?: string } }
  | { type: 'record-end-translate'; data: { src_lang: string; dst_lang: string } };

/** Messages that ask the avatar to speak; each one counts towards ANALYZING. */
export type SpeechMessage = Extract<ClientMessage, { type: 'ttstf' | 'stf' }>;

export type ServerMessage =
  | { type: 'ping'; data: NoData }
  | { type: 'stf'; data: { message: string; duration: number } }
  | { type: 'stt'; data: { text: string } }
  | { type: 'stt-error'; data: { code: string } };

export type ParseResult<M> = { ok: true; message: M } | { ok: false; reason: string };

export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}

type Data = Record<string, unknown>;

const SERVER_TYPES = new Set<string>(['ping', 'stf', 'stt', 'stt-error'] satisfies ServerMessage['type'][]);
const AUDIO_FORMATS = new Set<string>(['wav', 'mp3'] satisfies AudioFormat[]);

/** `{type, data}` of a JSON text message, or why it is not one. */
function readEnvelope(raw: unknown): ParseResult<{ type: string; data: Data }> {
  if (typeof raw !== 'string') return { ok: false, reason: 'binary message on the message channel' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: `not JSON: ${raw.slice(0, 80)}` };
  }
  if (typeof value !== 'object' || value === null || typeof (value as Data).type !== 'string') return { ok: false, reason: `no "type": ${raw.slice(0, 80)}` };
  const { type, data } = value as { type: string; data?: unknown };
  return { ok: true, message: { type, data: typeof data === 'object' && data !== null ? (data as Data) : {} } };
}

/** A server message, or `null` for anything the SDK does not know (it ignores those). */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  const envelope = readEnvelope(raw);
  if (!envelope.ok || !SERVER_TYPES.has(envelope.message.type)) return null;
  return envelope.message as ServerMessage;
}

const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function clientMessageFrom(type: string, data: Data): ClientMessage | string {
  switch (type) {
    case 'ping':
    case 'clear-buffer':
    case 'record-start':
      return { type, data: {} };
    case 'ttstf':
      return typeof data.message === 'string' ? { type, data: { message: data.message } } : 'ttstf without a message string';
    case 'stf': {
      if (typeof data.file_ref !== 'string') return 'stf without a file_ref string';
      const format = typeof data.format === 'string' ? data.format.toLowerCase() : 'wav';
      if (!AUDIO_FORMATS.has(format)) return `stf with an unsupported format ${JSON.stringify(data.format)}`;
      return { type, data: { message: typeof data.message === 'string' ? data.message : '', file_ref: data.file_ref, format: format as AudioFormat } };
    }
    case 'change-size':
      return typeof data.width === 'number' && typeof data.height === 'number'
        ? { type, data: { width: data.width, height: data.height } }
        : 'change-size needs numeric width and height';
    case 'set-template': {
      const model = nonEmpty(data.model);
      const dress = nonEmpty(data.dress);
      return { type, data: { ...(model ? { model } : {}), ...(dress ? { dress } : {}) } };
    }
    case 'record-end-stt': {
      const language = nonEmpty(data.language);
      return { type, data: language ? { language } : {} };
    }
    case 'record-end-translate':
      return { type, data: { src_lang: nonEmpty(data.src_lang) ?? '', dst_lang: nonEmpty(data.dst_lang) ?? '' } };
    default:
      return `unknown message type ${JSON.stringify(type)}`;
  }
}

/** A client message, checked field by field; anything malformed yields a reason to log instead. */
export function parseClientMessage(raw: unknown): ParseResult<ClientMessage> {
  const envelope = readEnvelope(raw);
  if (!envelope.ok) return envelope;
  const message = clientMessageFrom(envelope.message.type, envelope.message.data);
  return typeof message === 'string' ? { ok: false, reason: message } : { ok: true, message };
}
