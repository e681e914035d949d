/**
 * What the facade used to do itself, now the chart's requests region:
 * uploads that wait for a reconnecting link, transcriptions and session-log
 * events, each answered with `reply.*` — driven on simulated time.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { LINK_WAIT_TIMEOUT_MS } from '../../machines/session.setup.js';
import { LinkUnavailableError } from '../../src/errors.js';
import { deferred } from './connection-harness.js';
import { startSession } from './session-harness.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const wav = () => new Blob([new Uint8Array(44)], { type: 'audio/wav' });
const upload = (requestId: string) => ({ type: 'UPLOAD.REQUEST', requestId, file: wav(), format: 'wav', message: 'hi' }) as const;

describe('the requests region', () => {
  it('uploads at once on a connected link, then asks the avatar to speak the file and answers the file_ref', async () => {
    const s = startSession({}, { clock: new SimulatedClock() });
    s.notify({ type: 'LINK.STATUS', status: 'connected' });
    s.send(upload('processSTF-1'));
    await flush();
    expect(s.uploads).toHaveLength(1);
    expect(s.sentMessages('stf')).toEqual([{ type: 'stf', data: { message: 'hi', file_ref: 'file-ref-1', format: 'wav' } }]);
    expect(s.emitted).toContainEqual({ type: 'reply.done', requestId: 'processSTF-1', value: 'file-ref-1' });
    expect(s.chatStates()).toEqual(['ANALYZING']);
  });

  it('waits for a reconnecting link, and uploads once it is back', async () => {
    const clock = new SimulatedClock();
    const s = startSession({}, { clock });
    s.notify({ type: 'LINK.STATUS', status: 'connected' });
    s.notify({ type: 'LINK.STATUS', status: 'reconnecting' });
    s.send(upload('processSTF-1'));
    clock.increment(LINK_WAIT_TIMEOUT_MS - 1);
    await flush();
    expect(s.uploads).toHaveLength(0);
    s.notify({ type: 'LINK.STATUS', status: 'connected' });
    await flush();
    expect(s.uploads).toHaveLength(1);
    expect(s.emitted).toContainEqual({ type: 'reply.done', requestId: 'processSTF-1', value: 'file-ref-1' });
  });

  it('gives up waiting after linkWaitTimeoutMs on the clock with LinkUnavailableError, and goes on with the next', async () => {
    const clock = new SimulatedClock();
    const s = startSession({ linkWaitTimeoutMs: 5_000 }, { clock });
    s.notify({ type: 'LINK.STATUS', status: 'reconnecting' });
    s.send(upload('processSTF-1'));
    s.send(upload('processSTF-2'));
    clock.increment(5_000);
    const failed = s.emitted.find((e) => e.type === 'reply.failed');
    expect(failed).toMatchObject({ requestId: 'processSTF-1' });
    const error = (failed as { error: LinkUnavailableError }).error;
    expect(error).toBeInstanceOf(LinkUnavailableError);
    expect(error.message).toBe('processSTF() waited 5000 ms for the link to come back while reconnecting, in vain');
    s.notify({ type: 'LINK.STATUS', status: 'connected' });
    await flush();
    expect(s.emitted).toContainEqual({ type: 'reply.done', requestId: 'processSTF-2', value: 'file-ref-1' });
  });

  it('answers a failed upload with its error and speaks nothing', async () => {
    const refused = new Error('error:bad_format');
    const s = startSession({}, { uploadFile: async () => Promise.reject(refused) });
    s.notify({ type: 'LINK.STATUS', status: 'connected' });
    s.send(upload('processSTF-1'));
    await flush();
    expect(s.emitted).toContainEqual({ type: 'reply.failed', requestId: 'processSTF-1', error: refused });
    expect(s.sentMessages('stf')).toEqual([]);
  });

  it('transcribes one recording at a time, in order; each text is also a transcript', async () => {
    const gate = deferred<void>();
    let calls = 0;
    const s = startSession({}, { transcribe: async () => (calls++ === 0 ? (await gate.promise, 'first') : 'second') });
    s.send({ type: 'TRANSCRIBE.REQUEST', requestId: 'transcribeAudio-1', file: wav() });
    s.send({ type: 'TRANSCRIBE.REQUEST', requestId: 'transcribeAudio-2', file: wav(), language: 'ko' });
    await flush();
    expect(s.transcriptions).toHaveLength(1);
    gate.resolve();
    await flush();
    await flush();
    expect(s.transcriptions.map((t) => t.language)).toEqual([undefined, 'ko']);
    const answers = s.emitted.filter((e) => e.type === 'transcript' || e.type === 'reply.done');
    expect(answers).toEqual([
      { type: 'transcript', text: 'first' },
      { type: 'reply.done', requestId: 'transcribeAudio-1', value: 'first' },
      { type: 'transcript', text: 'second' },
      { type: 'reply.done', requestId: 'transcribeAudio-2', value: 'second' },
    ]);
  });

  it('sends session-log events and answers them (with nothing), or with the error', async () => {
    const down = new Error('503');
    let calls = 0;
    const s = startSession({}, { logSessionEvent: async () => (calls++ === 0 ? {} : Promise.reject(down)) });
    s.send({ type: 'SESSION_LOG.REQUEST', requestId: 'logSessionEvent-1', detail: '{"step":1}' });
    s.send({ type: 'SESSION_LOG.REQUEST', requestId: 'logSessionEvent-2' });
    await flush();
    await flush();
    expect(s.sessionLogs).toEqual([{ detail: '{"step":1}' }, {}]);
    expect(s.emitted).toContainEqual({ type: 'reply.done', requestId: 'logSessionEvent-1' });
    expect(s.emitted).toContainEqual({ type: 'reply.failed', requestId: 'logSessionEvent-2', error: down });
  });

  it('keeps the avatar media the connection reports in context', () => {
    const s = startSession();
    const stream = { id: 'remote' } as unknown as MediaStream;
    s.notify({ type: 'LINK.MEDIA', stream });
    expect(s.actor.getSnapshot().context.remoteStream).toBe(stream);
  });
});
