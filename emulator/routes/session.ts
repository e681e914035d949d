/** Session creation and the session-scoped lifecycle routes: info, ICE servers, exchange, events. */
import type { TerminationReason } from '../../src/api/types.js';
import { CatalogView, voiceForTtsType } from '../catalog.js';
import type { EmulatorContext } from '../context.js';
import { isRecord, readJson, readJsonObject } from '../http/body.js';
import type { EmulatorServerHooks } from '../http/server.js';
import { invalid, sendJson } from '../http/respond.js';
import { resolveSessionParams } from '../sessions/resolve-params.js';
import { SESSION_EVENT_TYPES, type SessionRecord } from '../sessions/store.js';
import { requireLiveSession, requireSession } from './session-access.js';

/** Events a terminated session still accepts (a client may report how it ended). */
const EVENTS_AFTER_TERMINATION = new Set(['SESSION_END', 'SESSION_ERROR', 'SESSION_LOG']);

export function registerSessionRoutes(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  server.registerRoute({
    method: 'POST',
    path: '/api/v1/session/',
    auth: true,
    handler: async ({ req, res, baseUrl }) => {
      const body = await readJson(req, emulator.limits.jsonBodyBytes);
      const record = emulator.store.create(resolveSessionParams(body, new CatalogView(baseUrl)));
      sendJson(res, 201, emulator.store.info(record));
    },
  });

  server.registerRoute({
    method: 'GET',
    path: '/api/v1/session/:id/',
    handler: ({ res, params }) => sendJson(res, 200, emulator.store.info(requireSession(emulator, params.id!))),
  });

  server.registerRoute({
    method: 'GET',
    path: '/api/v1/session/:id/ice-servers/',
    handler: ({ res, params }) => {
      requireLiveSession(emulator, params.id!);
      sendJson(res, 200, { ice_servers: emulator.iceServers });
    },
  });

  server.registerRoute({
    method: 'POST',
    path: '/api/v1/session/:id/exchange/',
    handler: async ({ req, res, params }) => {
      const record = requireLiveSession(emulator, params.id!, 'STF_WEBRTC');
      const body = await readJsonObject(req, emulator.limits.jsonBodyBytes);
      const offer = body.client_sdp;
      if (!isRecord(offer) || offer.type !== 'offer' || typeof offer.sdp !== 'string' || offer.sdp.trim() === '') {
        throw invalid('client_sdp', 'client_sdp must be {"type": "offer", "sdp": "<SDP text>"}');
      }
      const peer = await ensurePeer(emulator, record);
      let answer: RTCSessionDescriptionInit;
      try {
        answer = await peer.answer({ type: 'offer', sdp: offer.sdp });
      } catch (error) {
        throw invalid('client_sdp', `The offer could not be answered: ${(error as Error).message}`);
      }
      emulator.store.markExchanged(record);
      sendJson(res, 200, { server_sdp: { type: answer.type, sdp: answer.sdp } });
    },
  });

  server.registerRoute({
    method: 'POST',
    path: '/api/v1/session/:id/event/create/',
    handler: async ({ req, res, params }) => {
      const record = requireSession(emulator, params.id!);
      const body = await readJsonObject(req, emulator.limits.jsonBodyBytes);
      const event = body.event;
      if (typeof event !== 'string' || !(SESSION_EVENT_TYPES as readonly string[]).includes(event)) {
        throw invalid('event', `event must be one of ${SESSION_EVENT_TYPES.join(', ')}`);
      }
      if (record.status === 'TERMINATED' && !EVENTS_AFTER_TERMINATION.has(event)) {
        throw invalid(null, `Session "${record.id}" was terminated (${record.terminationReason ?? 'unknown reason'}).`);
      }
      const detail = body.detail === undefined || body.detail === null ? '' : typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
      const recorded = emulator.store.recordEvent(record, event, detail);
      applyEvent(emulator, record, event);
      sendJson(res, 201, { ...recorded, session_id: record.id });
    },
  });
}

function applyEvent(emulator: EmulatorContext, record: SessionRecord, event: string): void {
  if (event === 'SESSION_END') {
    emulator.store.terminate(record, 'GRACEFUL_TERMINATION', 'client sent SESSION_END');
  } else if (event === 'SESSION_START' && !record.params.capability.some((name) => name.startsWith('STF_'))) {
    emulator.store.markConnected(record, 'SESSION_START, REST only');
  }
}

/** The session's peer, created on the first offer; concurrent first offers share one. */
async function ensurePeer(emulator: EmulatorContext, record: SessionRecord) {
  // An ended session has dropped its peer: a peer made for it would never be closed.
  requireLiveSession(emulator, record.id);
  if (record.peer) return record.peer;
  const factory = await emulator.peerLinkFactory();
  requireLiveSession(emulator, record.id);
  if (record.peer) return record.peer;
  const voice = voiceForTtsType(record.params.ttsType?.name).fliteVoice;
  const { name, model, style, configs } = record.params.modelStyle;
  record.peer = factory({
    sessionId: record.id,
    modelStyle: { name, model, style, configs: configs.map(({ key, value }) => ({ key, value })) },
    synthesize: (text) => emulator.tts.synthesize(text, voice),
    transcribe: (wav, language) => emulator.stt.transcribe(wav, language),
    maxUploadBytes: emulator.limits.uploadBytes,
    log: (line) => emulator.log(`session ${record.id} ${line}`),
    onConnected: () => emulator.store.markConnected(record, 'media flowing'),
    onClosed: (reason) => emulator.store.terminate(record, terminationFor(record, reason), `peer closed: ${reason}`),
    iceServers: emulator.iceServers,
  });
  return record.peer;
}

function terminationFor(record: SessionRecord, reason: 'client' | 'lost' | 'server'): TerminationReason {
  if (reason === 'client') return 'GRACEFUL_TERMINATION';
  if (reason === 'lost') return record.connectedAt === null ? 'SESSION_EXPIRED_BEFORE_CONNECTION' : 'SESSION_LOST_AFTER_CONNECTION';
  return 'SESSION_MISC_ERROR';
}
