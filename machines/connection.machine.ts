import { assertEvent, assign, enqueueActions, fromCallback, fromPromise, not, sendParent, sendTo, setup } from 'xstate';
import type {
  ConnectionContext,
  ConnectionEvent,
  ConnectionInput,
  ConnectionNotice,
  ConnectionOutcome,
  IceServer,
  LinkStatus,
  PeerCommand,
  PeerInput,
  SessionEventInput,
  SessionInfoLike,
  CloseReason,
} from './connection.types.js';
import { notProvided } from './not-provided.js';
import { chartNow } from './clock.js';
import { defaultReconnectPolicy, planRetry } from './reconnect-policy.js';

const STF_CAPABILITIES = new Set(['STF_WEBRTC', 'STF_ONPREMISE']);

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
    output: {} as ConnectionOutcome,
  },
  actors: {
    fetchSessionInfo: fromPromise<SessionInfoLike>(notProvided('fetchSessionInfo')),
    fetchIceServers: fromPromise<IceServer[]>(notProvided('fetchIceServers')),
    peer: fromCallback<PeerCommand, PeerInput>(notProvided('peer')),
    sendSessionEvent: fromPromise<unknown, SessionEventInput>(notProvided('sendSessionEvent')),
    // Optional observers: without them the link is neither sampled nor woken early.
    qualityMonitor: fromCallback<ConnectionEvent>(() => undefined),
    wakeSignals: fromCallback<ConnectionEvent>(() => undefined),
  },
  actions: {
    reportStatus: sendParent((_, params: { status: LinkStatus }): ConnectionNotice => ({ type: 'LINK.STATUS', status: params.status })),
    forwardServerMessage: sendParent(({ event }): ConnectionNotice => {
      assertEvent(event, 'PEER.MESSAGE');
      return { type: 'SERVER.MESSAGE', message: event.message };
    }),
    forwardMedia: sendParent(({ event }): ConnectionNotice => {
      assertEvent(event, 'PEER.MEDIA');
      return { type: 'LINK.MEDIA', stream: event.stream };
    }),
    forwardQuality: sendParent(({ event }): ConnectionNotice => {
      assertEvent(event, 'QUALITY.SAMPLED');
      return { type: 'LINK.QUALITY', quality: event.quality };
    }),
    storeSessionInfo: assign({
      hasStf: (_, params: { info: SessionInfoLike }) => params.info.capability.some((c) => STF_CAPABILITIES.has(c.name)),
    }),
    storeIceServers: assign({ iceServers: (_, params: { iceServers: IceServer[] }) => params.iceServers }),
    storeIceError: assign({ iceError: (_, params: { error: unknown }) => params.error }),
    startAttempt: assign({ attemptId: ({ context }) => context.attemptId + 1 }),
    requestNegotiation: sendTo('peer', ({ context }, params: { iceRestart: boolean }): PeerCommand => ({
      type: 'negotiate',
      attemptId: context.attemptId,
      iceRestart: params.iceRestart,
    })),
    sendToPeer: sendTo('peer', ({ event }): PeerCommand => {
      assertEvent(event, 'SEND');
      return { type: 'send', message: event.message };
    }),
    enqueueOutgoing: assign({
      outbox: ({ context, event }) => {
        assertEvent(event, 'SEND');
        return [...context.outbox, event.message];
      },
    }),
    holdUnsent: assign({
      unsent: ({ context, event }) => {
        assertEvent(event, 'PEER.SEND_FAILED');
        return [...context.unsent, event.message];
      },
    }),
    flushOutbox: enqueueActions(({ context, enqueue }) => {
      for (const message of [...context.unsent, ...context.outbox]) enqueue.sendTo('peer', { type: 'send', message } satisfies PeerCommand);
      enqueue.assign({ unsent: [], outbox: [] });
    }),
    sendPing: sendTo('peer', (): PeerCommand => ({ type: 'send', message: { type: 'ping', data: {} } })),
    sendSize: sendTo('peer', ({ context }): PeerCommand => ({
      type: 'send',
      message: { type: 'change-size', data: { ...context.size } },
    })),
    storeSize: assign({
      size: ({ event }) => {
        assertEvent(event, 'CHANGE_SIZE');
        return { width: event.width, height: event.height };
      },
    }),
    markLinkLost: assign({ linkLostAt: ({ context, system }) => context.linkLostAt ?? chartNow(system) }),
    planRetry: assign(({ context, system }) => {
      const now = chartNow(system);
      const plan = planRetry(context.reconnectPolicy, { retryCount: context.retryCount, elapsedMs: now - (context.linkLostAt ?? now) });
      return { retryDelayMs: plan.delayMs, retryFailure: plan.failure ?? null, retryCount: context.retryCount + 1 };
    }),
    resetRetries: assign({ retryCount: 0, linkLostAt: null, retryDelayMs: null, retryFailure: null }),
    recordOutcome: assign({
      outcome: (_, params: { reason: CloseReason; error?: unknown }) =>
        params.error === undefined ? { reason: params.reason } : { reason: params.reason, error: params.error },
    }),
    recordTermination: assign({ outcome: (_, params: { info: SessionInfoLike }) => terminatedOutcome(params.info) }),
  },
  guards: {
    isStfSession: ({ context }) => context.hasStf === true,
    lacksIceServers: ({ context }) => context.iceServers === null,
    isCurrentAttempt: ({ context, event }) =>
      'attemptId' in event && event.attemptId === context.attemptId,
    retryBudgetSpent: ({ context }) => context.retryDelayMs === null,
    isTerminated: (_, params: { info: SessionInfoLike }) => params.info.status === 'TERMINATED',
  },
  delays: {
    pingIntervalMs: 1000,
    linkDeadMs: 30_000,
    linkCheckTimeoutMs: 2000,
    connectTimeoutMs: 20_000,
    negotiationTimeoutMs: 10_000,
    linkRecoveryTimeoutMs: 10_000,
    heartbeatIntervalMs: 10_000,
    retryDelayMs: ({ context }) => context.retryDelayMs ?? 0,
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({
    attemptId: 0,
    retryCount: 0,
    linkLostAt: null,
    retryDelayMs: null,
    retryFailure: null,
    hasStf: null,
    iceServers: null,
    iceError: undefined,
    size: { width: input.width, height: input.height },
    reconnectPolicy: input.reconnectPolicy ?? defaultReconnectPolicy,
    outcome: null,
    outbox: [],
    unsent: [],
  }),
  initial: 'connecting',
  output: ({ context }) => context.outcome ?? { reason: 'manual' },
  on: {
    'CONNECTION.CLOSE': { target: '.closed', actions: { type: 'recordOutcome', params: { reason: 'manual' } } },
    CHANGE_SIZE: { actions: 'storeSize' },
    SEND: { actions: 'enqueueOutgoing' },
    'PEER.SEND_FAILED': { actions: 'holdUnsent' },
  },
  states: {
    connecting: {
      entry: { type: 'reportStatus', params: { status: 'connecting' } },
      after: {
        connectTimeoutMs: {
          target: 'closed',
          actions: { type: 'recordOutcome', params: () => ({ reason: 'connect-failed', error: new Error('The session did not connect in time') }) },
        },
      },
      initial: 'discovering',
      states: {
        discovering: {
          type: 'parallel',
          states: {
            info: {
              initial: 'loading',
              states: {
                loading: {
                  invoke: {
                    src: 'fetchSessionInfo',
                    onDone: [
                      {
                        guard: { type: 'isTerminated', params: ({ event }) => ({ info: event.output }) },
                        target: '#connection.closed',
                        actions: { type: 'recordTermination', params: ({ event }) => ({ info: event.output }) },
                      },
                      { target: 'loaded', actions: { type: 'storeSessionInfo', params: ({ event }) => ({ info: event.output }) } },
                    ],
                    onError: {
                      target: '#connection.closed',
                      actions: { type: 'recordOutcome', params: ({ event }) => ({ reason: 'connect-failed', error: event.error }) },
                    },
                  },
                },
                loaded: { type: 'final' },
              },
            },
            ice: {
              initial: 'loading',
              states: {
                loading: {
                  invoke: {
                    src: 'fetchIceServers',
                    onDone: { target: 'loaded', actions: { type: 'storeIceServers', params: ({ event }) => ({ iceServers: event.output }) } },
                    onError: { target: 'loaded', actions: { type: 'storeIceError', params: ({ event }) => ({ error: event.error }) } },
                  },
                },
                loaded: { type: 'final' },
              },
            },
          },
          onDone: [
            { guard: not('isStfSession'), target: '#connection.heartbeat' },
            {
              guard: 'lacksIceServers',
              target: '#connection.closed',
              actions: { type: 'recordOutcome', params: ({ context }) => ({ reason: 'connect-failed', error: context.iceError }) },
            },
            { target: '#connection.rtc' },
          ],
        },
      },
    },
    rtc: {
      invoke: [{ id: 'peer', src: 'peer', input: ({ context }) => ({ iceServers: context.iceServers ?? [] }) }, { src: 'wakeSignals' }],
      initial: 'connecting',
      on: {
        'PEER.MESSAGE': { actions: 'forwardServerMessage' },
        'PEER.MEDIA': { actions: 'forwardMedia' },
        'PEER.FAILED': {
          target: 'closed',
          actions: { type: 'recordOutcome', params: ({ event }) => ({ reason: 'connect-failed', error: event.error }) },
        },
      },
      states: {
        connecting: {
          entry: 'startAttempt',
          after: {
            connectTimeoutMs: {
              target: '#connection.closed',
              actions: { type: 'recordOutcome', params: () => ({ reason: 'connect-failed', error: new Error('The WebRTC link did not come up in time') }) },
            },
          },
          initial: 'negotiating',
          states: {
            negotiating: {
              entry: { type: 'requestNegotiation', params: { iceRestart: false } },
              on: {
                'PEER.NEGOTIATED': { guard: 'isCurrentAttempt', target: 'awaitingMedia' },
                'PEER.NEGOTIATION_FAILED': {
                  guard: 'isCurrentAttempt',
                  target: '#connection.closed',
                  actions: { type: 'recordOutcome', params: ({ event }) => ({ reason: 'connect-failed', error: event.error }) },
                },
              },
            },
            awaitingMedia: {
              on: { 'PEER.LINK_UP': { guard: 'isCurrentAttempt', target: '#connection.rtc.ready' } },
            },
          },
        },
        ready: {
          entry: ['resetRetries', 'sendSize', 'flushOutbox', { type: 'reportStatus', params: { status: 'connected' } }],
          invoke: { src: 'qualityMonitor' },
          on: {
            'QUALITY.SAMPLED': { actions: 'forwardQuality' },
            SEND: { actions: 'sendToPeer' },
            CHANGE_SIZE: { actions: ['storeSize', 'sendSize'] },
            'PEER.LINK_DOWN': 'reconnecting',
          },
          type: 'parallel',
          states: {
            pinging: {
              initial: 'waiting',
              states: {
                waiting: { after: { pingIntervalMs: { target: 'waiting', reenter: true, actions: 'sendPing' } } },
              },
            },
            liveness: {
              initial: 'alive',
              states: {
                alive: {
                  on: {
                    'PEER.MESSAGE': { target: 'alive', reenter: true, actions: 'forwardServerMessage' },
                    'LINK.CHECK': 'checking',
                  },
                  after: { linkDeadMs: '#connection.rtc.reconnecting' },
                },
                // Woken (page visible again, back online): a ping must be answered soon, or the link is dead.
                checking: {
                  entry: 'sendPing',
                  on: { 'PEER.MESSAGE': { target: 'alive', actions: 'forwardServerMessage' } },
                  after: { linkCheckTimeoutMs: '#connection.rtc.reconnecting' },
                },
              },
            },
          },
        },
        reconnecting: {
          entry: ['markLinkLost', { type: 'reportStatus', params: { status: 'reconnecting' } }],
          initial: 'backoff',
          states: {
            backoff: {
              entry: 'planRetry',
              always: {
                guard: 'retryBudgetSpent',
                target: '#connection.closed',
                actions: {
                  type: 'recordOutcome',
                  params: ({ context }) => ({ reason: 'link-lost', error: context.retryFailure ?? new Error('The link was lost and could not be restored') }),
                },
              },
              after: { retryDelayMs: 'checkingSession' },
              on: { 'PEER.LINK_UP': { guard: 'isCurrentAttempt', target: '#connection.rtc.ready' }, 'LINK.CHECK': 'checkingSession' },
            },
            // Before each retry: a session the server has ended is not retried
            // (PROTOCOL.md has no "ended" message; the session info says TERMINATED).
            checkingSession: {
              invoke: {
                src: 'fetchSessionInfo',
                onDone: [
                  {
                    guard: { type: 'isTerminated', params: ({ event }) => ({ info: event.output }) },
                    target: '#connection.closed',
                    actions: { type: 'recordTermination', params: ({ event }) => ({ info: event.output }) },
                  },
                  { target: 'restartingIce' },
                ],
                onError: 'restartingIce',
              },
              after: { negotiationTimeoutMs: 'restartingIce' },
              on: { 'PEER.LINK_UP': { guard: 'isCurrentAttempt', target: '#connection.rtc.ready' } },
            },
            restartingIce: {
              entry: ['startAttempt', { type: 'requestNegotiation', params: { iceRestart: true } }],
              after: { negotiationTimeoutMs: 'backoff' },
              on: {
                'PEER.NEGOTIATED': { guard: 'isCurrentAttempt', target: 'awaitingLink' },
                'PEER.NEGOTIATION_FAILED': { guard: 'isCurrentAttempt', target: 'backoff' },
              },
            },
            awaitingLink: {
              after: { linkRecoveryTimeoutMs: 'backoff' },
              on: { 'PEER.LINK_UP': { guard: 'isCurrentAttempt', target: '#connection.rtc.ready' } },
            },
          },
        },
      },
    },
    heartbeat: {
      on: { SEND: {} },
      initial: 'starting',
      states: {
        starting: {
          invoke: {
            src: 'sendSessionEvent',
            input: { event: 'SESSION_START' },
            onDone: 'beating',
            onError: {
              target: '#connection.closed',
              actions: { type: 'recordOutcome', params: ({ event }) => ({ reason: 'connect-failed', error: event.error }) },
            },
          },
        },
        beating: {
          entry: { type: 'reportStatus', params: { status: 'connected' } },
          initial: 'waiting',
          states: {
            waiting: { after: { heartbeatIntervalMs: 'sending' } },
            sending: {
              invoke: {
                src: 'sendSessionEvent',
                input: { event: 'SESSION_DURING' },
                onDone: 'waiting',
                onError: {
                  target: '#connection.closed',
                  actions: { type: 'recordOutcome', params: ({ event }) => ({ reason: 'heartbeat-failed', error: event.error }) },
                },
              },
            },
          },
        },
      },
    },
    closed: {
      type: 'final',
      entry: { type: 'reportStatus', params: { status: 'closed' } },
    },
  },
});

export type ConnectionMachine = typeof connectionMachine;

function terminatedOutcome(info: SessionInfoLike): ConnectionOutcome {
  const terminationReason = info.termination_reason ?? 'UNKNOWN';
  return { reason: 'terminated', terminationReason, error: new Error(`The server ended the session (${terminationReason})`) };
}
