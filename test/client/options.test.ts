import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { ChatTool } from '../../src/llm/chat-tool.js';
import { normalizeCreateSessionArgs } from '../../src/client/options.js';
import { resolveStfFormat } from '../../src/client/audio-format.js';

const tool = new ChatTool('t', 'd', { type: 'object', properties: {} }, () => ({ one: 1 }));

describe('createSession call styles', () => {
  it('takes the options object as is', () => {
    const options = { sessionId: 's', width: 1, height: 2, clientTools: [tool], apiServer: 'http://x' };
    expect(normalizeCreateSessionArgs([options])).toEqual(options);
  });

  it('maps the positional 5-argument form', () => {
    expect(normalizeCreateSessionArgs(['http://x', 's', 640, 360, [tool]])).toEqual({
      apiServer: 'http://x',
      sessionId: 's',
      width: 640,
      height: 360,
      clientTools: [tool],
    });
  });

  it('maps the deprecated 6-argument form with enableVoiceChat', () => {
    expect(normalizeCreateSessionArgs(['http://x', 's', 640, 360, true, []])).toMatchObject({ enableVoiceChat: true, clientTools: [] });
  });

  it.each([
    [[{ sessionId: '', width: 1, height: 1 }], 'sessionId'],
    [[{ sessionId: 's', width: 0, height: 1 }], 'width'],
    [[{ sessionId: 's', width: 1, height: Number.NaN }], 'height'],
    [[{ sessionId: 's', width: 1, height: 1, clientTools: 'x' }], 'clientTools'],
    [['http://x', 's', 1], 'arguments'],
  ])('rejects bad arguments before any request (%j)', (args, argument) => {
    expect(() => normalizeCreateSessionArgs(args)).toThrow(InvalidArgumentError);
    try {
      normalizeCreateSessionArgs(args);
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});

describe('processSTF formats', () => {
  it.each([
    ['wav', 'wav'],
    ['MP3', 'mp3'],
    ['audio/wav', 'wav'],
    ['audio/x-wav', 'wav'],
    ['audio/wave', 'wav'],
    ['audio/mpeg', 'mp3'],
    ['audio/mp3', 'mp3'],
    ['audio/wav; codecs=1', 'wav'],
  ])('%s → %s', (format, expected) => {
    expect(resolveStfFormat(format, new Blob())).toBe(expected);
  });

  it("uses the file's type when no format is given", () => {
    expect(resolveStfFormat(undefined, new Blob([], { type: 'audio/mpeg' }))).toBe('mp3');
  });

  it('explains an unknown or missing format', () => {
    expect(() => resolveStfFormat('audio/ogg', new Blob())).toThrow(/unsupported audio format "audio\/ogg"/);
    expect(() => resolveStfFormat(undefined, new Blob())).toThrow(/no MIME type/);
  });
});
