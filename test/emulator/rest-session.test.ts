import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, PeerLinkFactory, PeerLinkOptions } from '../../emulator/index.js';
import { call, createSession, REST_SESSION, start, waitFor, WEBRTC_SESSION } from './emulator-helpers.js';

interface FakePeer {
  options: PeerLinkOptions;
  offers: RTCSessionDescriptionInit[];
  cuts: Array<[number, string]>;
  closed: boolean;
}

const peers: FakePeer[] = [];
const fakePeers: PeerLinkFactory = (options) => {
  const peer: FakePeer = { options, offers: [], cuts: [], closed: false };
  peers.push(peer);
  return {
    answer: async (offer) => {
      if (offer.sdp === 'bad') throw new Error('unparseable SDP');
      peer.offers.push(offer);
      return { type: 'answer', sdp: `v=0 answer ${peer.offers.length}` };
    },
    cutLink: (ms, mode) => peer.cuts.push([ms, mode]),
    degrade: () => undefined,
    close: async () => {
      peer.closed = true;
    },
    stats: { framesSent: 7, utterancesPlayed: 1, width: 640, height: 360 },
  };
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ peerLinkFactory: fakePeers });
});
afterAll(() => emulator.close());
afterEach(() => {
  peers.length = 0;
});

type Errors = { errors: Array<{ code: string; detail: string; attr: string | null }> };

describe('POST /api/v1/session/', () => {
  it('creates a session (201) answering the session info', async () => {
    const { status, body } = await call<Record<string, any>>(emulator, 'POST', '/api/v1/session/', { json: { ...WEBRTC_SESSION, background_image: 'bg-sunset', mcp_servers: ['mcp-clock'], padding_top: 0.1 } });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: 'CREATED',
      termination_reason: null,
      capability: WEBRTC_SESSION.capability.map((name) => ({ name, description: expect.any(String) })),
      prompt: { prompt_id: 'prompt-assistant' },
      llm_type: { name: 'perso-llm-standard' },
      tts_type: { name: 'flite-slt' },
      model_style: { name: 'aria' },
      background_image: { backgroundimage_id: 'bg-sunset' },
      ice_servers: [],
      duration_sec: 0,
      padding_top: 0.1,
      events: [],
    });
    expect(Date.parse(body.created_at)).not.toBeNaN();
  });

  it('gives every session a distinct 128-bit id', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => createSession(emulator)));
    expect(new Set(ids).size).toBe(20);
  });

  it('needs the API key', async () => {
    const { status, body } = await call<Errors>(emulator, 'POST', '/api/v1/session/', { json: WEBRTC_SESSION, key: null });
    expect(status).toBe(401);
    expect(body.errors[0]!.code).toBe('authentication_failed');
  });

  it('derives capability from the params when the body has none', async () => {
    const { capability: _capability, ...params } = WEBRTC_SESSION;
    const { body } = await call<{ capability: Array<{ name: string }> }>(emulator, 'POST', '/api/v1/session/', { json: params });
    expect(body.capability.map((item) => item.name)).toEqual(['STF_WEBRTC', 'LLM', 'TTS', 'STT']);
  });

  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['missing model_style', { model_style: undefined }, 'invalid', 'model_style'],
    ['missing prompt', { prompt: undefined }, 'invalid', 'prompt'],
    ['unknown model_style', { model_style: 'ghost' }, 'does_not_exist', 'model_style'],
    ['foreign model_style', { model_style: 'nova' }, 'not_in_organization', 'model_style'],
    ['unknown prompt', { prompt: 'ghost' }, 'does_not_exist', 'prompt'],
    ['foreign prompt', { prompt: 'prompt-foreign' }, 'not_in_organization', 'prompt'],
    ['unknown llm_type', { llm_type: 'ghost' }, 'does_not_exist', 'llm_type'],
    ['foreign llm_type', { llm_type: 'perso-llm-enterprise' }, 'not_in_organization', 'llm_type'],
    ['unknown tts_type', { tts_type: 'ghost' }, 'does_not_exist', 'tts_type'],
    ['foreign tts_type', { tts_type: 'flite-foreign' }, 'not_in_organization', 'tts_type'],
    ['unknown stt_type', { stt_type: 'ghost' }, 'does_not_exist', 'stt_type'],
    ['foreign stt_type', { stt_type: 'whisper-foreign' }, 'not_in_organization', 'stt_type'],
    ['unknown document', { document: 'ghost' }, 'does_not_exist', 'document'],
    ['foreign document', { document: 'doc-foreign' }, 'not_in_organization', 'document'],
    ['unknown background_image', { background_image: 'ghost' }, 'does_not_exist', 'background_image'],
    ['foreign background_image', { background_image: 'bg-foreign' }, 'not_in_organization', 'background_image'],
    ['unknown mcp server', { mcp_servers: ['ghost'] }, 'does_not_exist', 'mcp_servers'],
    ['foreign mcp server', { mcp_servers: ['mcp-foreign'] }, 'not_in_organization', 'mcp_servers'],
    ['unknown text normalisation', { text_normalization_config: 'ghost' }, 'does_not_exist', 'text_normalization_config'],
    ['foreign STT text normalisation', { stt_text_normalization_config: 'tn-foreign' }, 'not_in_organization', 'stt_text_normalization_config'],
    ['unknown capability', { capability: ['STF_WEBRTC', 'TELEPATHY'] }, 'invalid', 'capability'],
    ['LLM capability without llm_type', { llm_type: undefined }, 'invalid', 'llm_type'],
    ['a prompt that needs a document, without one', { prompt: 'prompt-handbook' }, 'invalid', 'document'],
    ['an on-premise model style over WebRTC', { model_style: 'aria-kiosk' }, 'invalid', 'model_style'],
    ['a padding that is not a number', { padding_left: 'wide' }, 'invalid', 'padding_left'],
    ['a non-boolean using_stf_webrtc', { using_stf_webrtc: 'yes' }, 'invalid', 'using_stf_webrtc'],
  ];

  it.each(cases)('refuses %s (400 %s on %s)', async (_name, change, code, attr) => {
    const { status, body } = await call<Errors>(emulator, 'POST', '/api/v1/session/', { json: { ...WEBRTC_SESSION, ...change } });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ code, detail: expect.any(String), attr }]);
  });

  it('accepts a document for a prompt that requires one', async () => {
    const { status } = await call(emulator, 'POST', '/api/v1/session/', { json: { ...WEBRTC_SESSION, prompt: 'prompt-handbook', document: 'doc-handbook' } });
    expect(status).toBe(201);
  });

  it('refuses a body that is not a JSON object', async () => {
    for (const body of ['[1,2]', '"text"', '{"model_style": ']) {
      const answer = await call<Errors>(emulator, 'POST', '/api/v1/session/', { body, headers: { 'Content-Type': 'application/json' } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]!.code).toBe('invalid');
    }
  });
});

describe('session-scoped endpoints', () => {
  it('answers session info and ICE servers without a key; 404 for an unknown session', async () => {
    const id = await createSession(emulator);
    const info = await call<{ session_id: string; status: string }>(emulator, 'GET', `/api/v1/session/${id}/`, { key: null });
    expect(info.body).toMatchObject({ session_id: id, status: 'CREATED' });
    const ice = await call(emulator, 'GET', `/api/v1/session/${id}/ice-servers/`, { key: null });
    expect(ice.body).toEqual({ ice_servers: [] });
    const missing = await call<Errors>(emulator, 'GET', '/api/v1/session/0123456789abcdef0123456789abcdef/', { key: null });
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]!.code).toBe('not_found');
  });

  it('answers configured ICE servers', async () => {
    const other = await start({ iceServers: [{ urls: 'stun:stun.example.org:3478' }] });
    try {
      const id = await createSession(other);
      expect((await call(other, 'GET', `/api/v1/session/${id}/ice-servers/`)).body).toEqual({ ice_servers: [{ urls: 'stun:stun.example.org:3478' }] });
    } finally {
      await other.close();
    }
  });

  it('records events in session info, and SESSION_END terminates gracefully', async () => {
    const id = await createSession(emulator);
    const logged = await call<Record<string, unknown>>(emulator, 'POST', `/api/v1/session/${id}/event/create/`, { key: null, json: { event: 'SESSION_LOG', detail: { step: 1 } } });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ event: 'SESSION_LOG', detail: '{"step":1}' });
    await call(emulator, 'POST', `/api/v1/session/${id}/event/create/`, { key: null, json: { event: 'SESSION_END', detail: 'bye' } });
    const info = await call<Record<string, any>>(emulator, 'GET', `/api/v1/session/${id}/`);
    expect(info.body).toMatchObject({ status: 'TERMINATED', termination_reason: 'GRACEFUL_TERMINATION' });
    expect(info.body.events.map((event: { event: string }) => event.event)).toEqual(['SESSION_LOG', 'SESSION_END']);
    const heartbeat = await call(emulator, 'POST', `/api/v1/session/${id}/event/create/`, { json: { event: 'SESSION_DURING', detail: '' } });
    expect(heartbeat.status).toBe(400);
  });

  it('refuses unknown event types', async () => {
    const id = await createSession(emulator);
    const { status, body } = await call<Errors>(emulator, 'POST', `/api/v1/session/${id}/event/create/`, { json: { event: 'PARTY', detail: '' } });
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({ code: 'invalid', attr: 'event' });
  });

  it('runs a REST-only session: SESSION_START makes it IN_PROGRESS, exchange is refused', async () => {
    const id = await createSession(emulator, REST_SESSION);
    await call(emulator, 'POST', `/api/v1/session/${id}/event/create/`, { json: { event: 'SESSION_START', detail: '' } });
    expect(emulator.sessions.get(id)!.status).toBe('IN_PROGRESS');
    const exchange = await call<Errors>(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0' } } });
    expect(exchange.status).toBe(400);
    expect(exchange.body.errors[0]!.attr).toBe('capability');
  });

  it('walks CREATED → EXCHANGED → IN_PROGRESS → TERMINATED with the peer', async () => {
    const id = await createSession(emulator);
    const exchange = await call<Record<string, any>>(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { key: null, json: { client_sdp: { type: 'offer', sdp: 'v=0 offer' } } });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toEqual({ server_sdp: { type: 'answer', sdp: 'v=0 answer 1' } });
    expect(emulator.sessions.get(id)!.status).toBe('EXCHANGED');
    const peer = peers[0]!;
    expect(peer.options).toMatchObject({ sessionId: id, modelStyle: { name: 'aria', model: 'aria', style: 'casual' }, iceServers: [] });
    expect(peer.options.modelStyle.configs).toContainEqual({ key: 'outfit', value: expect.any(String) });
    peer.options.onConnected();
    expect(emulator.sessions.get(id)!.status).toBe('IN_PROGRESS');
    await call(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0 restart' } } });
    expect(peers).toHaveLength(1);
    expect(peer.offers.map((offer) => offer.sdp)).toEqual(['v=0 offer', 'v=0 restart']);
    expect(emulator.sessions.peerStats(id)).toEqual({ framesSent: 7, utterancesPlayed: 1, width: 640, height: 360 });
    peer.options.onClosed('client');
    expect(emulator.sessions.get(id)).toMatchObject({ status: 'TERMINATED', termination_reason: 'GRACEFUL_TERMINATION' });
    await waitFor(() => peer.closed, 2000, 'peer close');
  });

  it('a terminated session keeps the last stats of its peer and never gets a new peer', async () => {
    const id = await createSession(emulator);
    await call(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { key: null, json: { client_sdp: { type: 'offer', sdp: 'v=0 offer' } } });
    const peer = peers[0]!;
    peer.options.onConnected();
    peer.options.onClosed('client');
    await waitFor(() => peer.closed, 2000, 'peer close');
    expect(emulator.sessions.peerStats(id)).toEqual({ framesSent: 7, utterancesPlayed: 1, width: 640, height: 360 });
    const again = await call<Errors>(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0 again' } } });
    expect(again.status).toBe(400);
    expect(peers).toHaveLength(1);
  });

  it.each([
    ['lost', true, 'SESSION_LOST_AFTER_CONNECTION'],
    ['lost', false, 'SESSION_EXPIRED_BEFORE_CONNECTION'],
    ['server', true, 'SESSION_MISC_ERROR'],
  ] as const)('maps a peer closed as %s (connected: %s) to %s', async (reason, connected, expected) => {
    const id = await createSession(emulator);
    await call(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0' } } });
    if (connected) peers[0]!.options.onConnected();
    peers[0]!.options.onClosed(reason);
    expect(emulator.sessions.get(id)!.termination_reason).toBe(expected);
  });

  it('refuses a malformed offer, and one the peer cannot answer', async () => {
    const id = await createSession(emulator);
    for (const json of [{}, { client_sdp: { type: 'answer', sdp: 'v=0' } }, { client_sdp: { type: 'offer', sdp: '' } }, { client_sdp: { type: 'offer', sdp: 'bad' } }]) {
      const { status, body } = await call<Errors>(emulator, 'POST', `/api/v1/session/${id}/exchange/`, { json });
      expect(status).toBe(400);
      expect(body.errors[0]!.attr).toBe('client_sdp');
    }
    expect(emulator.sessions.get(id)!.status).toBe('CREATED');
  });

  it('refuses exchange, LLM, TTS and STT on a terminated session', async () => {
    const id = await createSession(emulator);
    emulator.faults.expireSession(id);
    for (const [path, json] of [['exchange/', { client_sdp: { type: 'offer', sdp: 'v=0' } }], ['llm/v2/', { messages: [{ role: 'user', content: 'hi' }] }], ['tts/', { text: 'hi' }]] as const) {
      const { status, body } = await call<Errors>(emulator, 'POST', `/api/v1/session/${id}/${path}`, { json });
      expect(status).toBe(400);
      expect(body.errors[0]!.detail).toContain('terminated');
    }
  });

  it('refuses a route whose capability the session lacks', async () => {
    const id = await createSession(emulator, { ...WEBRTC_SESSION, capability: ['STF_WEBRTC'], llm_type: undefined, tts_type: undefined, stt_type: undefined });
    const { status, body } = await call<Errors>(emulator, 'POST', `/api/v1/session/${id}/tts/`, { json: { text: 'hi' } });
    expect(status).toBe(400);
    expect(body.errors[0]!.attr).toBe('capability');
  });

  it('creates sessions through the demo route with catalog defaults and without a key', async () => {
    const { status, body } = await call<{ sessionId: string }>(emulator, 'POST', '/api/session', { key: null, json: {} });
    expect(status).toBe(201);
    expect(emulator.sessions.get(body.sessionId)).toMatchObject({ model_style: { name: 'aria' }, capability: [{ name: 'STF_WEBRTC' }, { name: 'LLM' }, { name: 'TTS' }, { name: 'STT' }] });
    const leo = await call<{ sessionId: string }>(emulator, 'POST', '/api/session', { key: null, json: { model_style: 'leo', using_stf_webrtc: false } });
    expect(emulator.sessions.get(leo.body.sessionId)!.capability.map((item) => item.name)).toEqual(['LLM', 'TTS', 'STT']);
    const bad = await call<Errors>(emulator, 'POST', '/api/session', { key: null, json: { model_style: 'nova' } });
    expect(bad.body.errors[0]).toMatchObject({ code: 'not_in_organization', attr: 'model_style' });
  });
});

describe('session expiry', () => {
  it('expires unconnected sessions, reaps silent REST-only sessions, and forgets old ones', async () => {
    const quick = await start({ timeouts: { connectMs: 150, idleMs: 150, retainMs: 400, intervalMs: 25 }, peerLinkFactory: fakePeers });
    try {
      const unconnected = await createSession(quick);
      const rest = await createSession(quick, REST_SESSION);
      await call(quick, 'POST', `/api/v1/session/${rest}/event/create/`, { json: { event: 'SESSION_START', detail: '' } });
      const connected = await createSession(quick);
      await call(quick, 'POST', `/api/v1/session/${connected}/exchange/`, { json: { client_sdp: { type: 'offer', sdp: 'v=0' } } });
      peers.at(-1)!.options.onConnected();
      await waitFor(() => quick.sessions.get(unconnected)?.status === 'TERMINATED', 3000, 'expiry');
      expect(quick.sessions.get(unconnected)!.termination_reason).toBe('SESSION_EXPIRED_BEFORE_CONNECTION');
      await waitFor(() => quick.sessions.get(rest)?.status === 'TERMINATED', 3000, 'idle reaping');
      expect(quick.sessions.get(rest)!.termination_reason).toBe('SESSION_LOST_AFTER_CONNECTION');
      expect(quick.sessions.get(connected)!.status).toBe('IN_PROGRESS');
      await waitFor(() => quick.sessions.get(unconnected) === undefined, 3000, 'removal');
      expect((await call(quick, 'GET', `/api/v1/session/${unconnected}/`)).status).toBe(404);
    } finally {
      await quick.close();
    }
  });

  it('keeps a REST-only session alive while it sends heartbeats', async () => {
    const quick = await start({ timeouts: { idleMs: 300, intervalMs: 25 } });
    try {
      const id = await createSession(quick, REST_SESSION);
      for (let i = 0; i < 8; i++) {
        await call(quick, 'POST', `/api/v1/session/${id}/event/create/`, { json: { event: i === 0 ? 'SESSION_START' : 'SESSION_DURING', detail: '' } });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(quick.sessions.get(id)!.status).toBe('IN_PROGRESS');
    } finally {
      await quick.close();
    }
  });
});
