import type { AnyActorRef, InspectionEvent } from 'xstate';
import { chartOf, isRecord, targetsOf } from './definition.js';
import type {
  ActorMessage,
  EventMessage,
  InspectedEvent,
  InspectedSnapshot,
  InspectorMessage,
  JsonValue,
  MicrostepTransition,
} from './protocol.js';
import { DEFAULT_LIMITS, TIGHT_LIMITS, toJsonSafe, type SerializeLimits } from './serialize.js';

export interface MessageOptions {
  /**
   * Upper bound of one serialised message in UTF-8 bytes. A message over it is
   * serialised again with tighter limits, then with its payload left out.
   * Actor messages (which carry a chart) may use eight times this.
   * @default 65536
   */
  maxMessageBytes?: number;
  /** Bounds for contexts, events and outputs. @default DEFAULT_LIMITS */
  limits?: Partial<SerializeLimits>;
  /** Clock for the `at` stamp. @default Date.now */
  now?: () => number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
const DEFINITION_SIZE_FACTOR = 8;

/** The event type of snapshots the adapter reports for actors that already existed when it attached. */
export const SYNC_EVENT_TYPE = '@inspector.sync';

/**
 * Turns one XState inspection event into a JSON-safe, size-bounded inspector
 * message, or `undefined` for kinds the inspector does not relay
 * (`@xstate.action`, `@xstate.transition`). Never throws on odd payloads.
 */
export function toInspectorMessage(event: InspectionEvent, options: MessageOptions = {}): InspectorMessage | undefined {
  const at = (options.now ?? Date.now)();
  const actorId = event.actorRef.sessionId;
  const rootId = event.rootId;
  switch (event.type) {
    case '@xstate.actor':
      return describeActor(event.actorRef as AnyActorRef, options, rootId);
    case '@xstate.event':
      return bounded(options, (limits) => {
        const message: EventMessage = { type: 'event', rootId, at, actorId, event: toEvent(event.event, limits) };
        if (event.sourceRef) message.sourceId = event.sourceRef.sessionId;
        return message;
      });
    case '@xstate.snapshot':
      return bounded(options, (limits) => ({
        type: 'snapshot',
        rootId,
        at,
        actorId,
        event: toEvent(event.event, limits),
        snapshot: toSnapshot(event.snapshot, limits),
      }));
    case '@xstate.microstep':
      return bounded(options, (limits) => ({
        type: 'microstep',
        rootId,
        at,
        actorId,
        event: toEvent(event.event, limits),
        value: toJsonSafe((event.snapshot as { value?: unknown }).value, limits),
        transitions: event._transitions.map(toMicrostepTransition),
      }));
    default:
      return undefined;
  }
}

/** The `actor` message for an actor ref, with its chart when its logic is a state machine. */
export function describeActor(actorRef: AnyActorRef, options: MessageOptions = {}, rootId = rootOf(actorRef).sessionId): ActorMessage {
  const message: ActorMessage = {
    type: 'actor',
    rootId,
    at: (options.now ?? Date.now)(),
    actorId: actorRef.sessionId,
    name: String(actorRef.id),
  };
  if (actorRef._parent) message.parentId = actorRef._parent.sessionId;
  const { systemId, logic } = actorRef as AnyActorRef & { systemId?: unknown; logic?: unknown };
  if (typeof systemId === 'string') message.systemId = systemId;
  if (typeof actorRef.src === 'string') message.src = actorRef.src;
  const definition = chartOf(logic);
  if (definition) {
    message.definition = definition;
    if (exceeds(message, maxBytes(options) * DEFINITION_SIZE_FACTOR)) delete message.definition;
  }
  return message;
}

/** A snapshot message for an actor's current snapshot, as if it had just processed `@inspector.sync`. */
export function describeCurrentSnapshot(actorRef: AnyActorRef, options: MessageOptions = {}): InspectorMessage {
  const at = (options.now ?? Date.now)();
  const rootId = rootOf(actorRef).sessionId;
  return bounded(options, (limits) => ({
    type: 'snapshot',
    rootId,
    at,
    actorId: actorRef.sessionId,
    event: { type: SYNC_EVENT_TYPE },
    snapshot: toSnapshot(actorRef.getSnapshot(), limits),
  }));
}

/** The actor and its descendants (through snapshot `children`), parents first. */
export function actorTree(actorRef: AnyActorRef, maxActors = 100): AnyActorRef[] {
  const found: AnyActorRef[] = [];
  const seen = new Set<string>();
  const walk = (ref: AnyActorRef): void => {
    if (found.length >= maxActors || seen.has(ref.sessionId)) return;
    seen.add(ref.sessionId);
    found.push(ref);
    const snapshot: unknown = safely(() => ref.getSnapshot());
    const children = isRecord(snapshot) && isRecord(snapshot.children) ? Object.values(snapshot.children) : [];
    for (const child of children) if (isActorRef(child)) walk(child);
  };
  walk(actorRef);
  return found;
}

export function rootOf(actorRef: AnyActorRef): AnyActorRef {
  let root = actorRef;
  while (root._parent) root = root._parent;
  return root;
}

function toEvent(event: unknown, limits: SerializeLimits): InspectedEvent {
  const json = toJsonSafe(event, limits);
  if (isRecord(json) && !Array.isArray(json) && typeof json.type === 'string') return json as InspectedEvent;
  const type = isRecord(event) && typeof event.type === 'string' ? event.type : 'unknown';
  return { type, value: json };
}

function toSnapshot(snapshot: unknown, limits: SerializeLimits): InspectedSnapshot {
  if (!isRecord(snapshot)) return { status: 'unknown' };
  const out: InspectedSnapshot = { status: typeof snapshot.status === 'string' ? snapshot.status : 'unknown' };
  if ('value' in snapshot) out.value = toJsonSafe(snapshot.value, limits);
  if (snapshot.context !== undefined) out.context = toJsonSafe(snapshot.context, limits);
  if (snapshot.output !== undefined) out.output = toJsonSafe(snapshot.output, limits);
  if (snapshot.error !== undefined) out.error = toJsonSafe(snapshot.error, limits);
  if (snapshot.tags instanceof Set && snapshot.tags.size > 0) out.tags = [...snapshot.tags].map(String);
  if (isRecord(snapshot.children)) {
    const children: Record<string, string> = {};
    for (const [key, child] of Object.entries(snapshot.children)) {
      if (isActorRef(child)) children[key] = child.sessionId;
    }
    out.children = children;
  }
  return out;
}

function toMicrostepTransition(transition: unknown): MicrostepTransition {
  const plain: unknown = isRecord(transition) && typeof transition.toJSON === 'function' ? safely(() => (transition.toJSON as () => unknown)()) : transition;
  if (!isRecord(plain)) return { source: '', targets: [], event: '' };
  const source = typeof plain.source === 'string' ? plain.source.replace(/^#/, '') : isRecord(plain.source) ? String(plain.source.id) : '';
  return { source, targets: targetsOf(plain.target), event: typeof plain.eventType === 'string' ? plain.eventType : '' };
}

/**
 * Builds a message with the default limits, then tighter ones, then without
 * its payloads, until it fits in `maxMessageBytes`.
 */
function bounded(options: MessageOptions, build: (limits: SerializeLimits) => InspectorMessage): InspectorMessage {
  const limit = maxBytes(options);
  const message = build({ ...DEFAULT_LIMITS, ...options.limits });
  if (!exceeds(message, limit)) return message;
  const tight = build({ ...TIGHT_LIMITS });
  if (!exceeds(tight, limit)) return tight;
  return withoutPayload(tight);
}

function withoutPayload(message: InspectorMessage): InspectorMessage {
  const omitted = (value: unknown): string => `[omitted: ${byteLength(JSON.stringify(value))} bytes]`;
  switch (message.type) {
    case 'event':
      return { ...message, event: { type: message.event.type, payload: omitted(message.event) } };
    case 'snapshot': {
      const snapshot: InspectedSnapshot = { status: message.snapshot.status };
      if (message.snapshot.value !== undefined) snapshot.value = truncatedValue(message.snapshot.value);
      if (message.snapshot.context !== undefined) snapshot.context = omitted(message.snapshot.context);
      if (message.snapshot.output !== undefined) snapshot.output = omitted(message.snapshot.output);
      if (message.snapshot.error !== undefined) snapshot.error = omitted(message.snapshot.error);
      return { ...message, event: { type: message.event.type }, snapshot };
    }
    case 'microstep':
      return { ...message, event: { type: message.event.type }, value: truncatedValue(message.value), transitions: message.transitions.slice(0, 20) };
    default:
      return message;
  }
}

/** A state value is small unless a machine is enormous; keep it when it is below 16 KiB. */
function truncatedValue(value: JsonValue): JsonValue {
  return exceeds(value, 16 * 1024) ? '[omitted: state value too large]' : value;
}

function maxBytes(options: MessageOptions): number {
  return options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
}

function exceeds(value: unknown, limit: number): boolean {
  const json = JSON.stringify(value);
  // A UTF-16 unit is at most 3 UTF-8 bytes: skip the encoder when it cannot matter.
  if (json.length * 3 <= limit) return false;
  return byteLength(json) > limit;
}

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export function isActorRef(value: unknown): value is AnyActorRef {
  return isRecord(value) && typeof value.sessionId === 'string' && typeof value.getSnapshot === 'function' && isRecord(value.system);
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
