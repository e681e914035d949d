import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, LinkDegradationSpec, PeerLinkFactory } from '../../emulator/index.js';
import { call, createSession, REST_SESSION, sseEvents, start } from './emulator-helpers.js';

const cuts: Array<[number, string]> = [];
const degradations: LinkDegradationSpec[] = [];
const fakePeers: PeerLinkFactory = () => ({
  answer: async () => ({ type: 'answer', sdp: 'v=0' }),
  cutLink: (ms, mode) => cuts.push([ms, mode]),
  degrade: (spec) => degradations.push(spec),
  close: async () => undefined,
  stats: { framesSent: 3, utterancesPlayed: 0, width: 640, height: 360 },
});

let emulator: Emulator;
let session: string;
beforeAll(async () => {
  emulator = await start({ peerLinkFactory: fakePeers });
  session = await createSession(emulator);
  emulator.llm.addRule({ pattern: 'story', reply: ['Once ', 'upon ', 'a ', 'time.'] });
});
afterAll(() => emulator.close());

const tts = (id = session) => call(emulator, 'POST', `/api/v1/session/${id}/tts/`, { json: { text: 'hi' } });
const story = (id = session) => call(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: [{ role: 'user', content: 'tell a story' }] } });

describe('request faults', () => {
  it('answer the next N matching requests with an HTML 502, then the real route answers again', async () => {
    emulator.faults.failRequests({ method: 'POST', path: '/api/v1/session/*/llm/v2/', status: 502, kind: 'html', count: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await story();
      expect(answer.status).toBe(502);
      expect(answer.headers.get('content-type')).toBe('text/html');
      expect(answer.text).toContain('<h1>502 Bad Gateway</h1>');
    }
    expect((await story()).status).toBe(200);
  });

  it('can answer with an empty body, a default errors body, or a given body', async () => {
    emulator.faults.failRequests({ path: '/api/v1/prompt/', status: 500, kind: 'empty' });
    const empty = await call(emulator, 'GET', '/api/v1/prompt/');
    expect(empty).toMatchObject({ status: 500, text: '' });
    expect(empty.headers.get('content-length')).toBe('0');

    emulator.faults.failRequests({ path: '/api/v1/prompt/', status: 503 });
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).body).toEqual({ errors: [{ code: 'injected_fault', detail: 'Injected fault (HTTP 503)', attr: null }] });

    emulator.faults.failRequests({ path: /^\/api\/v1\/prompt\/$/, status: 429, body: { detail: 'slow down' } });
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).body).toEqual({ detail: 'slow down' });
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).status).toBe(200);
  });

  it('match the method when one is given, and never the control routes', async () => {
    const id = emulator.faults.failRequests({ method: 'POST', path: '/api/v1/session/*/', status: 500 });
    expect((await call(emulator, 'GET', `/api/v1/session/${session}/`)).status).toBe(200);
    emulator.faults.clear(id);
    emulator.faults.failRequests({ path: /.*/, status: 500, count: 100 });
    expect((await call(emulator, 'GET', '/_emulator/faults')).status).toBe(200);
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).status).toBe(500);
    expect((await call(emulator, 'DELETE', '/_emulator/faults')).status).toBe(200);
    expect((await call(emulator, 'GET', '/api/v1/prompt/')).status).toBe(200);
  });

  it('are managed over HTTP with the API key', async () => {
    expect((await call(emulator, 'POST', '/_emulator/faults/requests', { key: null, json: { path: '/x', status: 500 } })).status).toBe(401);
    const added = await call<{ id: string }>(emulator, 'POST', '/_emulator/faults/requests', { json: { method: 'post', path: '/api/v1/session/*/tts/', status: 502, kind: 'html' } });
    expect(added.status).toBe(201);
    const listed = await call<{ requests: Array<Record<string, unknown>> }>(emulator, 'GET', '/_emulator/faults');
    expect(listed.body.requests).toEqual([{ id: added.body.id, method: 'POST', path: '/api/v1/session/*/tts/', status: 502, kind: 'html', remaining: 1 }]);
    expect((await tts()).status).toBe(502);
    const regex = await call<{ id: string }>(emulator, 'POST', '/_emulator/faults/requests', { json: { regex: 'tts/$', status: 504, count: 3 } });
    await call(emulator, 'DELETE', `/_emulator/faults/${regex.body.id}`);
    expect((await call(emulator, 'GET', '/_emulator/faults')).body).toEqual({ requests: [], llm: [] });
    for (const json of [{ path: '/x', status: 99 }, { path: '', status: 500 }, { path: '/x', status: 500, kind: 'xml' }, { path: '/x', status: 500, count: 0 }, { regex: '(', status: 500 }]) {
      expect((await call(emulator, 'POST', '/_emulator/faults/requests', { json })).status).toBe(400);
    }
  });
});

describe('request fault patterns', () => {
  it('a catastrophic-backtracking regex over HTTP cannot freeze the emulator: it is matched in linear time', async () => {
    const added = await call<{ id: string }>(emulator, 'POST', '/_emulator/faults/requests', { json: { regex: '^/(a+)+$', status: 418, count: 5 } });
    expect(added.status).toBe(201);
    // RegExp would backtrack for hours on this path; the linear matcher answers at once and the real route answers 404.
    expect((await call(emulator, 'GET', `/${'a'.repeat(4000)}!`)).status).toBe(404);
    expect((await call(emulator, 'GET', '/aaaa')).status).toBe(418);
    await call(emulator, 'DELETE', `/_emulator/faults/${added.body.id}`);
  });

  it('refuses overlong patterns and regex features it cannot run in linear time, naming the field', async () => {
    for (const json of [{ regex: '(a)\\1', status: 500 }, { regex: '(?=x)', status: 500 }, { regex: 'a'.repeat(257), status: 500 }, { path: `/${'x'.repeat(300)}`, status: 500 }]) {
      const answer = await call<{ errors: Array<{ attr: string; detail: string }> }>(emulator, 'POST', '/_emulator/faults/requests', { json });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]!.attr).toBe('regex' in json ? 'regex' : 'path');
    }
    expect(() => emulator.faults.failRequests({ path: /(?<=a)b/, status: 500 })).toThrow(/Look-around/);
    expect(emulator.faults.list().requests).toEqual([]);
  });
});

describe('LLM stream faults', () => {
  it('malformed: a line that is not JSON follows the first chunk', async () => {
    emulator.faults.breakLlmStream({ mode: 'malformed' });
    const { status, text } = await story();
    expect(status).toBe(200);
    const lines = text.split('\n').filter(Boolean);
    expect(JSON.parse(lines[0]!.slice(6))).toMatchObject({ status: 'success', content: 'Once ' });
    expect(() => JSON.parse(lines[1]!.slice(6))).toThrow();
    expect((await story()).text.split('\n').filter(Boolean)).toHaveLength(5); // four pieces and the done line, once the fault is spent
  });

  it('truncated: the stream stops in the middle of a line', async () => {
    emulator.faults.breakLlmStream({ mode: 'truncated' });
    const { text } = await story();
    expect(text.endsWith('\n')).toBe(false);
    const last = text.split('\n').at(-1)!;
    expect(last.startsWith('data: {')).toBe(true);
    expect(() => JSON.parse(last.slice(6))).toThrow();
  });

  it('error: a line with a status other than success, carrying the reason', async () => {
    emulator.faults.breakLlmStream({ mode: 'error', reason: 'quota exceeded' });
    expect(sseEvents((await story()).text)).toEqual([
      { status: 'success', type: 'message', content: 'Once ' },
      { status: 'error', reason: 'quota exceeded' },
    ]);
  });

  it('slow: every chunk waits the delay', async () => {
    emulator.faults.breakLlmStream({ mode: 'slow', delayMs: 120 });
    const started = performance.now();
    const { text } = await story();
    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 120 * 0.9);
    expect(sseEvents(text).map((event) => event.content).join('')).toBe('Once upon a time.');
  });

  it('apply only to the named session, over HTTP too', async () => {
    const other = await createSession(emulator);
    const added = await call(emulator, 'POST', '/_emulator/faults/llm', { json: { mode: 'error', sessionId: other, count: 2 } });
    expect(added.status).toBe(201);
    expect(sseEvents((await story()).text).every((event) => event.status === 'success')).toBe(true);
    expect(sseEvents((await story(other)).text).at(-1)).toMatchObject({ status: 'error' });
    expect(sseEvents((await story(other)).text).at(-1)).toMatchObject({ status: 'error' });
    expect(sseEvents((await story(other)).text).at(-1)).toMatchObject({ status: 'success' });
    expect((await call(emulator, 'POST', '/_emulator/faults/llm', { json: { mode: 'weird' } })).status).toBe(400);
  });
});

describe('session faults', () => {
  it('expire a session (handle and HTTP), with a default or given reason', async () => {
    const a = await createSession(emulator);
    emulator.faults.expireSession(a);
    expect(emulator.sessions.get(a)).toMatchObject({ status: 'TERMINATED', termination_reason: 'SESSION_EXPIRED_BEFORE_CONNECTION' });

    const b = await createSession(emulator, REST_SESSION);
    await call(emulator, 'POST', `/api/v1/session/${b}/event/create/`, { json: { event: 'SESSION_START', detail: '' } });
    const expired = await call<Record<string, unknown>>(emulator, 'POST', `/_emulator/sessions/${b}/expire`, { json: {} });
    expect(expired.body).toMatchObject({ status: 'TERMINATED', termination_reason: 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED' });

    const c = await createSession(emulator);
    await call(emulator, 'POST', `/_emulator/sessions/${c}/expire`, { json: { reason: 'TOTAL_MIN_PER_MONTH_QUOTA_EXCEEDED' } });
    expect(emulator.sessions.get(c)!.termination_reason).toBe('TOTAL_MIN_PER_MONTH_QUOTA_EXCEEDED');

    expect((await call(emulator, 'POST', `/_emulator/sessions/${c}/expire`, { json: { reason: 'BORED' } })).status).toBe(400);
    expect((await call(emulator, 'POST', '/_emulator/sessions/nope/expire', { json: {} })).status).toBe(404);
    expect((await call(emulator, 'POST', `/_emulator/sessions/${c}/expire`, { key: null, json: {} })).status).toBe(401);
  });

  it("cut a session's WebRTC link through its peer (handle and HTTP)", async () => {
    const id = await createSession(emulator);
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/cut-link`, { json: { ms: 500 } })).status).toBe(409);
    await call(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0' } } });
    emulator.faults.cutLink(id, 800, 'close');
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/cut-link`, { json: { ms: 1500, mode: 'silence' } })).status).toBe(200);
    expect(cuts).toEqual([[800, 'close'], [1500, 'silence']]);
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/cut-link`, { json: { ms: 'long' } })).status).toBe(400);
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/cut-link`, { json: { ms: 10, mode: 'explode' } })).status).toBe(400);
  });

  it("degrade a session's WebRTC link through its peer (handle and HTTP), with its figures checked", async () => {
    const id = await createSession(emulator);
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/degrade`, { json: { fps: 5 } })).status).toBe(409);
    await call(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0' } } });
    emulator.faults.degradeLink(id, { fps: 10, dropShare: 0.5 });
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/degrade`, { json: { pingDelayMs: 1500 } })).status).toBe(200);
    expect((await call(emulator, 'DELETE', `/_emulator/sessions/${id}/degrade`)).status).toBe(200);
    expect(degradations).toEqual([{ fps: 10, dropShare: 0.5 }, { pingDelayMs: 1500 }, {}]);
    for (const json of [{ fps: 0 }, { fps: 30 }, { fps: 'slow' }, { dropShare: 1 }, { dropShare: -0.1 }, { pingDelayMs: -1 }, { pingDelayMs: 120_000 }]) {
      expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/degrade`, { json })).status).toBe(400);
    }
    expect(() => emulator.faults.degradeLink(id, { fps: Number.NaN })).toThrow(/fps/);
    expect((await call(emulator, 'POST', '/_emulator/sessions/nope/degrade', { json: {} })).status).toBe(404);
    expect((await call(emulator, 'POST', `/_emulator/sessions/${id}/degrade`, { key: null, json: {} })).status).toBe(401);
    expect(degradations).toHaveLength(3);
  });

  it('list sessions with their events and peer figures', async () => {
    const list = await call<Array<{ session_id: string }>>(emulator, 'GET', '/_emulator/sessions');
    expect(list.body.map((item) => item.session_id)).toContain(session);
    const one = await call<Record<string, unknown>>(emulator, 'GET', `/_emulator/sessions/${session}`);
    expect(one.body).toMatchObject({ session_id: session, events: [], peer: null });
    const health = await call<Record<string, any>>(emulator, 'GET', '/_emulator/health', { key: null });
    expect(health.body).toMatchObject({ ok: true, engines: { llm: expect.stringContaining('scripted'), tts: expect.stringContaining('flite'), stt: expect.any(String) } });
  });
});
