import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { speak, startSession } from './session-harness.js';
import { fixedPolicy, startConnection, TEXT_ONLY_INFO } from './connection-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type Session = ReturnType<typeof startSession>;

/** Each scenario leaves the session in one configuration of its regions. */
const sessionScenarios: Record<string, { input?: { voiceChat: boolean }; drive: (s: Session) => void; chatStates: string[] }> = {
  'idle, connecting': { drive: () => {}, chatStates: [] },
  'idle, connected': { drive: (s) => s.notify({ type: 'LINK.STATUS', status: 'connected' }), chatStates: [] },
  'idle, reconnecting': { drive: (s) => s.notify({ type: 'LINK.STATUS', status: 'reconnecting' }), chatStates: [] },
  analyzing: { drive: (s) => s.send(speak('x')), chatStates: ['ANALYZING'] },
  speaking: { drive: (s) => (s.send(speak('x')), s.serverStf(1_000)), chatStates: ['SPEAKING'] },
  'analyzing + speaking': { drive: (s) => (s.send(speak('x')), s.send(speak('y')), s.serverStf(1_000)), chatStates: ['ANALYZING', 'SPEAKING'] },
  'llm streaming': { drive: (s) => s.send({ type: 'LLM.REQUEST', turnId: 't', message: 'm' }), chatStates: ['LLM'] },
  'llm running tools': {
    drive: (s) => (s.send({ type: 'LLM.REQUEST', turnId: 't', message: 'm' }), s.send({ type: 'LLM.PHASE', turnId: 't', phase: 'runningTools' })),
    chatStates: ['LLM'],
  },
  synthesizing: { drive: (s) => s.send({ type: 'TTS.REQUEST', requestId: 'r', text: 't' }), chatStates: ['TTS'] },
  'recorder starting': { drive: (s) => s.send({ type: 'STT.START', requestId: 'r' }), chatStates: ['RECORDING'] },
  recording: { drive: (s) => (s.send({ type: 'STT.START', requestId: 'r' }), s.send({ type: 'RECORDER.STARTED' })), chatStates: ['RECORDING'] },
  'finishing recording': {
    drive: (s) => (s.send({ type: 'STT.START', requestId: 'r' }), s.send({ type: 'RECORDER.STARTED' }), s.send({ type: 'STT.STOP', requestId: 's' })),
    chatStates: [],
  },
  'uplink recording': { input: { voiceChat: true }, drive: (s) => s.send({ type: 'STT.START', requestId: 'r' }), chatStates: ['RECORDING'] },
  'uplink transcribing': {
    input: { voiceChat: true },
    drive: (s) => (s.send({ type: 'STT.START', requestId: 'r' }), s.send({ type: 'STT.STOP', requestId: 's' })),
    chatStates: [],
  },
  everything: {
    drive: (s) => {
      s.send(speak('x'));
      s.send(speak('y'));
      s.serverStf(1_000);
      s.send({ type: 'LLM.REQUEST', turnId: 't', message: 'm' });
      s.send({ type: 'TTS.REQUEST', requestId: 'r', text: 't' });
      s.send({ type: 'STT.START', requestId: 'r2' });
    },
    chatStates: ['ANALYZING', 'LLM', 'RECORDING', 'SPEAKING', 'TTS'],
  },
};

describe('session: state × event', () => {
  for (const [name, scenario] of Object.entries(sessionScenarios)) {
    describe(name, () => {
      it('is in the expected chat states', () => {
        const s = startSession(scenario.input);
        scenario.drive(s);
        expect(s.chatStates()).toEqual(scenario.chatStates);
      });

      it('SESSION.STOP closes it (manual), stops every child and leaves no chat state', () => {
        const s = startSession(scenario.input);
        scenario.drive(s);
        s.send({ type: 'SESSION.STOP' });
        const snapshot = s.actor.getSnapshot();
        expect(snapshot.status).toBe('done');
        expect(snapshot.output).toEqual({ reason: 'manual' });
        expect(Object.keys(snapshot.children)).toEqual([]);
        expect(s.chatStates()).toEqual([]);
        expect(s.turns.every((t) => t.signal.aborted)).toBe(true);
        expect([...s.syntheses.values()].every((x) => x.stopped)).toBe(true);
        expect(s.recorder.stops).toBe(s.recorder.starts);
      });

      it('the connection ending closes it with the connection’s reason', () => {
        const s = startSession(scenario.input);
        scenario.drive(s);
        s.endConnection({ reason: 'link-lost' });
        expect(s.actor.getSnapshot().output).toEqual({ reason: 'link-lost' });
        expect(Object.keys(s.actor.getSnapshot().children)).toEqual([]);
      });

      it('CLEAR_BUFFER leaves at most RECORDING on', () => {
        const s = startSession(scenario.input);
        scenario.drive(s);
        s.send({ type: 'CLEAR_BUFFER' });
        expect(s.chatStates()).toEqual(scenario.chatStates.filter((state) => state === 'RECORDING'));
      });
    });
  }
});

type Connection = ReturnType<typeof startConnection>;

const connectionScenarios: Record<string, { options?: Parameters<typeof startConnection>[0]; drive: (h: Connection) => Promise<void>; value: unknown; onLinkDown: unknown }> = {
  discovering: {
    options: { info: () => new Promise(() => {}) },
    drive: async () => {},
    value: { connecting: { discovering: { info: 'loading', ice: 'loaded' } } },
    onLinkDown: { connecting: { discovering: { info: 'loading', ice: 'loaded' } } },
  },
  negotiating: { drive: async () => {}, value: { rtc: { connecting: 'negotiating' } }, onLinkDown: { rtc: { connecting: 'negotiating' } } },
  awaitingMedia: {
    drive: async (h) => h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 }),
    value: { rtc: { connecting: 'awaitingMedia' } },
    onLinkDown: { rtc: { connecting: 'awaitingMedia' } },
  },
  ready: {
    drive: async (h) => (h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 }), h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 })),
    value: { rtc: { ready: { pinging: 'waiting', liveness: 'alive' } } },
    onLinkDown: { rtc: { reconnecting: 'backoff' } },
  },
  backoff: {
    drive: async (h) => {
      h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
      h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
      h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'x' });
    },
    value: { rtc: { reconnecting: 'backoff' } },
    onLinkDown: { rtc: { reconnecting: 'backoff' } },
  },
  restartingIce: {
    drive: async (h) => {
      h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
      h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
      h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'x' });
      await vi.advanceTimersByTimeAsync(100);
    },
    value: { rtc: { reconnecting: 'restartingIce' } },
    onLinkDown: { rtc: { reconnecting: 'restartingIce' } },
  },
  awaitingLink: {
    drive: async (h) => {
      h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
      h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
      h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'x' });
      await vi.advanceTimersByTimeAsync(100);
      h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 2 });
    },
    value: { rtc: { reconnecting: 'awaitingLink' } },
    onLinkDown: { rtc: { reconnecting: 'awaitingLink' } },
  },
  'heartbeat waiting': {
    options: { info: async () => TEXT_ONLY_INFO },
    drive: async () => {},
    value: { heartbeat: { beating: 'waiting' } },
    onLinkDown: { heartbeat: { beating: 'waiting' } },
  },
  'heartbeat sending': {
    options: { info: async () => TEXT_ONLY_INFO, sessionEvent: ({ event }) => (event === 'SESSION_DURING' ? new Promise(() => {}) : Promise.resolve()) },
    drive: async () => void (await vi.advanceTimersByTimeAsync(10_000)),
    value: { heartbeat: { beating: 'sending' } },
    onLinkDown: { heartbeat: { beating: 'sending' } },
  },
};

describe('connection: state × event', () => {
  for (const [name, scenario] of Object.entries(connectionScenarios)) {
    describe(name, () => {
      async function enter() {
        const h = startConnection({ reconnectPolicy: fixedPolicy([100, 100]), ...scenario.options });
        await vi.advanceTimersByTimeAsync(0);
        await scenario.drive(h);
        expect(h.snapshot().value).toEqual(scenario.value);
        return h;
      }

      it('CONNECTION.CLOSE closes it as manual and stops the peer', async () => {
        const h = await enter();
        h.send({ type: 'CONNECTION.CLOSE' });
        expect(h.outcome()).toEqual({ reason: 'manual' });
        expect(h.peer.stops).toBe(h.peer.starts);
        expect(h.statuses().at(-1)).toBe('closed');
      });

      it('PEER.LINK_DOWN goes where the table says', async () => {
        const h = await enter();
        h.send({ type: 'PEER.LINK_DOWN', reason: 'failed' });
        expect(h.snapshot().value).toEqual(scenario.onLinkDown);
      });
    });
  }
});
