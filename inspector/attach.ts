import type { AnyActorRef, InspectionEvent, Subscription } from 'xstate';
import { InvalidArgumentError } from '../src/errors.js';
import { isRecord } from './definition.js';
import { actorTree, describeActor, describeCurrentSnapshot, isActorRef, rootOf, type MessageOptions } from './messages.js';
import { createInspectorObserver } from './observer.js';
import { INSPECTOR_WS_PATH, type InspectedTurnTimeline, type InspectorMessage, type SessionStateMessage, type TurnTimelineMessage } from './protocol.js';
import { createQueuedSocket, type ReconnectOptions, type WebSocketConstructorLike } from './socket.js';

/**
 * What `attachInspector` inspects: an actor, or anything exposing one as
 * `actor` (a `Session`). A session's `getConnectionState()`,
 * `subscribeChatStates()` and turn timelines (`getTurnTimelines()`,
 * `on('turn-timeline')`) are reported too when present.
 */
export type InspectorTarget =
  | AnyActorRef
  | {
      actor: AnyActorRef;
      getConnectionState?: () => unknown;
      subscribeChatStates?: (callback: (states: unknown) => void) => unknown;
      getTurnTimelines?: () => readonly unknown[];
      on?: (name: 'turn-timeline', listener: (timeline: unknown) => void) => unknown;
    };

export interface AttachInspectorOptions extends MessageOptions {
  /**
   * Where the inspector hub listens: the emulator's origin
   * (`'http://127.0.0.1:8080'`, `/inspector/ws` is appended) or the full
   * WebSocket URL (`'ws://127.0.0.1:8080/inspector/ws'`).
   */
  url: string;
  /** The WebSocket class to use. @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructorLike;
  /** The name viewers see for this session in the source picker. @default the root actor's id */
  label?: string;
  /** Messages kept while the hub is unreachable; the oldest are dropped first. @default 500 */
  maxQueue?: number;
  /** Backoff between reconnect attempts. @default { initialDelayMs: 500, maxDelayMs: 10000 } */
  reconnect?: ReconnectOptions;
}

export interface InspectorAttachment {
  /** Stops inspecting and closes the connection. Safe to call more than once. */
  detach(): void;
  /** Whether the connection to the hub is open right now. */
  readonly connected: boolean;
}

/**
 * Streams an actor system's inspection events to the inspector hub, where the
 * `/inspector` page draws them live. The session is never affected: the
 * adapter swallows its own errors, queues while disconnected and reconnects.
 */
export function attachInspector(target: InspectorTarget, options: AttachInspectorOptions): InspectorAttachment {
  const actor = actorOf(target);
  const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (!WebSocketClass) {
    throw new InvalidArgumentError('options.WebSocket', 'no global WebSocket here; pass one (for example the `ws` package)');
  }
  const label = options.label ?? String(rootOf(actor).id);
  const url = toSourceUrl(options.url, label);
  const now = options.now ?? Date.now;
  const session = target === actor ? undefined : (target as Exclude<InspectorTarget, AnyActorRef>);

  const encode = (message: InspectorMessage): string => JSON.stringify(message);
  let lastSessionState: string | undefined;
  let chatStates: string[] | undefined;

  const sessionState = (): SessionStateMessage | undefined => {
    if (!session) return undefined;
    const message: SessionStateMessage = { type: 'session', rootId: rootOf(actor).sessionId, at: now() };
    const connectionState = safely(() => session.getConnectionState?.());
    if (connectionState !== undefined) message.connectionState = String(connectionState);
    if (chatStates) message.chatStates = chatStates;
    return message.connectionState === undefined && message.chatStates === undefined ? undefined : message;
  };

  const turnTimelineMessage = (timeline: unknown): TurnTimelineMessage | undefined => {
    const inspected = toInspectedTimeline(timeline);
    return inspected && { type: 'turn-timeline', rootId: rootOf(actor).sessionId, at: now(), timeline: inspected };
  };

  const socket = createQueuedSocket({
    url,
    WebSocket: WebSocketClass,
    maxQueue: options.maxQueue ?? 500,
    ...options.reconnect,
    onOpen(dropped) {
      const tree = actorTree(actor);
      const before = tree.map((ref) => encode(describeActor(ref, options)));
      if (dropped > 0) before.push(encode({ type: 'dropped', rootId: rootOf(actor).sessionId, at: now(), count: dropped }));
      const after = tree.map((ref) => encode(describeCurrentSnapshot(ref, options)));
      const state = sessionState();
      if (state) {
        lastSessionState = sessionStateKey(state);
        after.push(encode(state));
      }
      for (const timeline of safely(() => session?.getTurnTimelines?.()) ?? []) {
        const message = turnTimelineMessage(timeline);
        if (message) after.push(encode(message));
      }
      return { before, after };
    },
  });

  const sendSessionStateIfChanged = (): void => {
    const state = sessionState();
    if (!state) return;
    const key = sessionStateKey(state);
    if (key === lastSessionState) return;
    lastSessionState = key;
    socket.send(encode(state));
  };

  const observer = createInspectorObserver((message) => socket.send(encode(message)), options);
  const subscription: Subscription = actor.system.inspect({
    next(event: InspectionEvent) {
      observer.next(event);
      if (event.type === '@xstate.snapshot' && event.actorRef === actor) safely(sendSessionStateIfChanged);
    },
  });

  const unsubscribeChatStates = safely(() =>
    session?.subscribeChatStates?.((states) => {
      chatStates = toStringList(states);
      safely(sendSessionStateIfChanged);
    }),
  );

  const stopTimelines = safely(() =>
    session?.on?.('turn-timeline', (timeline) => {
      const message = turnTimelineMessage(timeline);
      if (message) socket.send(encode(message));
    }),
  );

  let detached = false;
  return {
    detach() {
      if (detached) return;
      detached = true;
      subscription.unsubscribe();
      for (const stop of [unsubscribeChatStates, stopTimelines]) {
        if (typeof stop === 'function') safely(() => (stop as () => unknown)());
      }
      socket.close();
    },
    get connected() {
      return !detached && socket.connected;
    },
  };
}

function sessionStateKey(state: SessionStateMessage): string {
  return JSON.stringify([state.connectionState, state.chatStates]);
}

function actorOf(target: InspectorTarget): AnyActorRef {
  const candidate: unknown = target;
  if (isActorRef(candidate)) return candidate;
  if (isRecord(candidate) && isActorRef(candidate.actor)) return candidate.actor;
  throw new InvalidArgumentError('target', 'expected an XState actor or an object with an `actor` (a Session)');
}

/**
 * The hub URL for a source: http(s) origins become ws(s) with the inspector
 * path; role and label go in the query.
 */
export function toSourceUrl(base: string, label: string): string {
  const location = (globalThis as { location?: { href?: string } }).location;
  let url: URL;
  try {
    url = new URL(base, location?.href);
  } catch {
    throw new InvalidArgumentError('options.url', `not a URL: ${base}`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InvalidArgumentError('options.url', `expected an http(s) or ws(s) URL, got ${base}`);
  }
  if (!url.pathname.endsWith(INSPECTOR_WS_PATH)) {
    const path = url.pathname.replace(/\/+$/, '');
    url.pathname = path.endsWith('/inspector') ? `${path}/ws` : `${path}${INSPECTOR_WS_PATH}`;
  }
  url.searchParams.set('role', 'source');
  url.searchParams.set('label', label);
  return url.toString();
}

/** Chat states arrive as a Set, an array, or a map/object of flags; the page wants names. */
function toStringList(states: unknown): string[] {
  if (states instanceof Set || Array.isArray(states)) return [...states].map(String);
  if (states instanceof Map) return [...states].filter(([, on]) => Boolean(on)).map(([name]) => String(name));
  if (isRecord(states)) return Object.entries(states).filter(([, on]) => Boolean(on)).map(([name]) => name);
  return [];
}

/** A session's `TurnTimeline`, checked and copied to plain JSON; anything else is skipped. */
function toInspectedTimeline(value: unknown): InspectedTurnTimeline | undefined {
  if (!isRecord(value) || typeof value.turnId !== 'string' || !isRecord(value.marks)) return undefined;
  const { startedAt, endedAt, end } = value;
  if (typeof startedAt !== 'number' || typeof endedAt !== 'number' || typeof end !== 'string') return undefined;
  const marks = Object.fromEntries(Object.entries(value.marks).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  return { turnId: value.turnId, startedAt, endedAt, end, marks };
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
