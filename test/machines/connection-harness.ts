import { createActor, fromCallback, fromPromise, setup } from 'xstate';
import { expect, vi } from 'vitest';
import type { ActorRefFrom, SimulatedClock } from 'xstate';
import { connectionMachine } from '../../machines/connection.machine.js';
import type {
  ConnectionNotice,
  ConnectionOutcome,
  IceServer,
  PeerCommand,
  PeerEvent,
  PeerInput,
  SessionEventInput,
  SessionInfoLike,
} from '../../machines/connection.types.js';
import type { ReconnectPolicy } from '../../machines/reconnect-policy.js';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A stand-in for the WebRTC peer: records commands, lets the test answer. */
export class FakePeer {
  commands: PeerCommand[] = [];
  starts = 0;
  stops = 0;
  input: PeerInput | null = null;
  private sendBack: ((event: PeerEvent) => void) | null = null;

  readonly logic = fromCallback<PeerCommand, PeerInput>(({ sendBack, receive, input }) => {
    this.starts++;
    this.input = input;
    this.sendBack = sendBack;
    receive((command) => this.commands.push(command));
    return () => {
      this.stops++;
      this.sendBack = null;
    };
  });

  emit(event: PeerEvent): void {
    this.sendBack?.(event);
  }

  negotiations(): Array<Extract<PeerCommand, { type: 'negotiate' }>> {
    return this.commands.filter((c): c is Extract<PeerCommand, { type: 'negotiate' }> => c.type === 'negotiate');
  }

  lastAttemptId(): number {
    return this.negotiations().at(-1)?.attemptId ?? -1;
  }

  sent(type?: string): PeerCommand[] {
    return this.commands.filter((c) => c.type === 'send' && (type === undefined || c.message.type === type));
  }
}

export interface HarnessOptions {
  info?: () => Promise<SessionInfoLike>;
  ice?: () => Promise<IceServer[]>;
  sessionEvent?: (input: SessionEventInput) => Promise<unknown>;
  reconnectPolicy?: ReconnectPolicy;
  peer?: FakePeer;
  /** Runs the machine's delays and its "now" (XState's `SimulatedClock`). */
  clock?: SimulatedClock;
}

export const STF_INFO: SessionInfoLike = { capability: [{ name: 'STF_WEBRTC' }, { name: 'LLM' }] };
export const TEXT_ONLY_INFO: SessionInfoLike = { capability: [{ name: 'LLM' }, { name: 'TTS' }] };

/** Runs the connection machine as the child of a parent that records what it is told. */
export function startConnection(options: HarnessOptions = {}) {
  const peer = options.peer ?? new FakePeer();
  const notices: ConnectionNotice[] = [];
  const sessionEvents: SessionEventInput['event'][] = [];
  let outcome: ConnectionOutcome | null = null;
  const connection = connectionMachine.provide({
    actors: {
      fetchSessionInfo: fromPromise(options.info ?? (async () => STF_INFO)),
      fetchIceServers: fromPromise(options.ice ?? (async () => [{ urls: 'stun:127.0.0.1:3478' }])),
      peer: peer.logic,
      sendSessionEvent: fromPromise<unknown, SessionEventInput>(async ({ input }) => {
        sessionEvents.push(input.event);
        return options.sessionEvent ? options.sessionEvent(input) : {};
      }),
    },
  });
  const parent = setup({
    types: { events: {} as ConnectionNotice },
    actors: { connection },
  }).createMachine({
    invoke: {
      id: 'connection',
      src: 'connection',
      input: { width: 640, height: 360, reconnectPolicy: options.reconnectPolicy },
      onDone: { actions: ({ event }) => (outcome = event.output) },
    },
    on: { '*': { actions: ({ event }) => notices.push(event) } },
  });
  const actor = createActor(parent, options.clock ? { clock: options.clock } : {}).start();
  const child = () => actor.getSnapshot().children.connection as ActorRefFrom<typeof connection> | undefined;
  return {
    actor,
    peer,
    notices,
    sessionEvents,
    outcome: () => outcome,
    snapshot: () => child()!.getSnapshot(),
    send: (event: Parameters<ActorRefFrom<typeof connection>['send']>[0]) => child()?.send(event),
    statuses: () => notices.filter((n) => n.type === 'LINK.STATUS').map((n) => (n as { status: string }).status),
  };
}

/** A policy that retries after fixed delays and then gives up. */
export function fixedPolicy(delaysMs: number[]): ReconnectPolicy {
  return { nextRetryDelayMs: ({ retryCount }) => delaysMs[retryCount] ?? null };
}

/** A connection that has come up (`rtc.ready`); for fake-timer tests. */
export async function connectedConnection(options: HarnessOptions = {}) {
  const h = startConnection(options);
  await vi.advanceTimersByTimeAsync(0);
  h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: h.peer.lastAttemptId() });
  h.peer.emit({ type: 'PEER.LINK_UP', attemptId: h.peer.lastAttemptId() });
  expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
  return h;
}
