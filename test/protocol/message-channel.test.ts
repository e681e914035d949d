import { describe, expect, it } from 'vitest';
import { encodeMessage, parseClientMessage, parseServerMessage } from '../../src/protocol/message-channel.js';
import type { ClientMessage } from '../../src/protocol/message-channel.js';

describe('message channel JSON', () => {
  it('encodes client messages as {type, data}', () => {
    expect(JSON.parse(encodeMessage({ type: 'ttstf', data: { message: 'Hi.' } }))).toEqual({ type: 'ttstf', data: { message: 'Hi.' } });
  });

  it('parses the server messages it knows', () => {
    expect(parseServerMessage('{"type":"stf","data":{"message":"a","duration":1200}}')).toEqual({ type: 'stf', data: { message: 'a', duration: 1200 } });
    expect(parseServerMessage('{"type":"ping"}')).toEqual({ type: 'ping', data: {} });
    expect(parseServerMessage('{"type":"stt","data":{"text":"hello"}}')).toEqual({ type: 'stt', data: { text: 'hello' } });
  });

  it.each([['not json'], ['null'], ['{"type":"surprise","data":{}}'], ['{"data":{}}'], [new ArrayBuffer(2)]])('ignores %s', (raw) => {
    expect(parseServerMessage(raw)).toBeNull();
  });
});

describe('client messages, as the emulator reads them', () => {
  it('reads every client type and rejects malformed input with a reason', () => {
    const parse = (value: unknown) => parseClientMessage(JSON.stringify(value));
    expect(parse({ type: 'ttstf', data: { message: 'hi' } })).toEqual({ ok: true, message: { type: 'ttstf', data: { message: 'hi' } } });
    expect(parse({ type: 'stf', data: { message: 'm', file_ref: 'f', format: 'MP3' } })).toEqual({ ok: true, message: { type: 'stf', data: { message: 'm', file_ref: 'f', format: 'mp3' } } });
    expect(parse({ type: 'change-size', data: { width: 10, height: 20 } })).toEqual({ ok: true, message: { type: 'change-size', data: { width: 10, height: 20 } } });
    expect(parse({ type: 'set-template', data: { dress: 'red' } })).toEqual({ ok: true, message: { type: 'set-template', data: { dress: 'red' } } });
    expect(parse({ type: 'record-end-translate', data: { src_lang: 'en', dst_lang: 'ko' } })).toEqual({ ok: true, message: { type: 'record-end-translate', data: { src_lang: 'en', dst_lang: 'ko' } } });
    expect(parse({ type: 'ping' })).toEqual({ ok: true, message: { type: 'ping', data: {} } });
    for (const bad of ['{', '[]', 'null', '{"type":1}', '{"type":"stf","data":{}}', '{"type":"unknown"}', '{"type":"stf","data":{"file_ref":"f","format":"ogg"}}']) expect(parseClientMessage(bad).ok).toBe(false);
    expect(parseClientMessage(new ArrayBuffer(2)).ok).toBe(false);
  });
});

describe('one protocol for both ends', () => {
  it('parses every message the SDK encodes back to the same message', () => {
    const sent: ClientMessage[] = [
      { type: 'ping', data: {} },
      { type: 'ttstf', data: { message: 'Hello.' } },
      { type: 'stf', data: { message: 'm', file_ref: 'file_1', format: 'wav' } },
      { type: 'change-size', data: { width: 640, height: 360 } },
      { type: 'set-template', data: { model: 'aria', dress: 'red' } },
      { type: 'clear-buffer', data: {} },
      { type: 'record-start', data: {} },
      { type: 'record-end-stt', data: { language: 'en' } },
      { type: 'record-end-translate', data: { src_lang: 'en', dst_lang: 'ko' } },
    ];
    for (const message of sent) expect(parseClientMessage(encodeMessage(message))).toEqual({ ok: true, message });
  });
});
