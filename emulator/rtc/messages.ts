/** A message the client sends on the `message` channel, validated. */
export type ClientMessage =
  | { type: 'ping' }
  | { type: 'ttstf'; message: string }
  | { type: 'stf'; message: string; fileRef: string; format: string }
  | { type: 'change-size'; width: number; height: number }
  | { type: 'set-template'; model?: string; dress?: string }
  | { type: 'clear-buffer' }
  | { type: 'record-start' }
  | { type: 'record-end-stt'; language?: string }
  | { type: 'record-end-translate'; srcLang?: string; dstLang?: string };

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

type Data = Record<string, unknown>;

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function fromData(type: string, data: Data): ClientMessage | string {
  switch (type) {
    case 'ping':
    case 'clear-buffer':
    case 'record-start':
      return { type };
    case 'ttstf':
      return typeof data.message === 'string' ? { type, message: data.message } : 'ttstf without a message string';
    case 'stf':
      if (typeof data.file_ref !== 'string') return 'stf without a file_ref string';
      return { type, message: typeof data.message === 'string' ? data.message : '', fileRef: data.file_ref, format: typeof data.format === 'string' ? data.format.toLowerCase() : 'wav' };
    case 'change-size':
      return typeof data.width === 'number' && typeof data.height === 'number' ? { type, width: data.width, height: data.height } : 'change-size needs numeric width and height';
    case 'set-template': {
      const model = optionalString(data.model);
      const dress = optionalString(data.dress);
      return { type, ...(model ? { model } : {}), ...(dress ? { dress } : {}) };
    }
    case 'record-end-stt': {
      const language = optionalString(data.language);
      return { type, ...(language ? { language } : {}) };
    }
    case 'record-end-translate': {
      const srcLang = optionalString(data.src_lang);
      const dstLang = optionalString(data.dst_lang);
      return { type, ...(srcLang ? { srcLang } : {}), ...(dstLang ? { dstLang } : {}) };
    }
    default:
      return `unknown message type ${JSON.stringify(type)}`;
  }
}

/** Parses `{"type", "data"}` JSON; anything malformed yields a reason to log instead. */
export function parseClientMessage(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'binary message on the message channel' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: `not JSON: ${raw.slice(0, 80)}` };
  }
  if (typeof value !== 'object' || value === null || typeof (value as Data).type !== 'string') return { ok: false, reason: `no "type": ${raw.slice(0, 80)}` };
  const { type, data } = value as { type: string; data?: unknown };
  const result = fromData(type, typeof data === 'object' && data !== null ? (data as Data) : {});
  return typeof result === 'string' ? { ok: false, reason: result } : { ok: true, message: result };
}

/** Server → client messages. */
export type ServerMessage =
  | { type: 'ping'; data: Record<string, never> }
  | { type: 'stf'; data: { message: string; duration: number } }
  | { type: 'stt'; data: { text: string } }
  | { type: 'stt-error'; data: { code: string } };
