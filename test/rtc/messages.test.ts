import { describe, expect, it } from 'vitest';
import { encodeClientMessage, parseServerMessage } from '../../src/rtc/messages.js';

describe('message channel JSON', () => {
  it('encodes client messages as {type, data}', () => {
    expect(JSON.parse(encodeClientMessage({ type: 'ttstf', data: { message: 'Hi.' } }))).toEqual({ type: 'ttstf', data: { message: 'Hi.' } });
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
