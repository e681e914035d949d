/**
 * The inspector wire format, shared by the adapter (a session's side), the hub
 * (emulator) and the page (a viewer). Everything here is plain JSON.
 *
 * Source → hub: one `InspectorMessage` per WebSocket text frame.
 * Hub → viewer: one `HubMessage` per frame; relayed messages are wrapped with
 * the id of the source that sent them.
 */

export const INSPECTOR_PROTOCOL_VERSION = 1;

/** The WebSocket path the hub answers on. */
export const INSPECTOR_WS_PATH = '/inspector/ws';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** An event as it was sent to an actor, made JSON-safe. */
export interface InspectedEvent {
  type: string;
  [key: string]: JsonValue;
}

// ─── Chart definition ──────────────────────────────────────────────────────

export type ChartNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface ChartTransition {
  /** The event type; `''` for eventless (`always`) transitions, `xstate.after.*` for delays. */
  event: string;
  /** Target state node ids; empty for targetless (self) transitions. */
  targets: string[];
  guard?: string;
  actions: string[];
  reenter: boolean;
}

export interface ChartInvoke {
  id: string;
  src: string;
}

/** One state node of a machine definition, children in document order. */
export interface ChartNode {
  id: string;
  key: string;
  type: ChartNodeType;
  /** Target ids of the initial transition (compound states only). */
  initial?: string[];
  history?: 'shallow' | 'deep';
  description?: string;
  tags: string[];
  entry: string[];
  exit: string[];
  invoke: ChartInvoke[];
  on: ChartTransition[];
  states: ChartNode[];
}

// ─── Source → hub ──────────────────────────────────────────────────────────

interface MessageBase {
  /** Session id of the system's root actor. */
  rootId: string;
  /** Milliseconds since the epoch, taken when the adapter saw the event. */
  at: number;
}

/** An actor exists. Machine actors carry their chart. Always sent before the actor's other messages. */
export interface ActorMessage extends MessageBase {
  type: 'actor';
  actorId: string;
  parentId?: string;
  /** The actor's id relative to its parent (the invoke/spawn id). */
  name: string;
  systemId?: string;
  /** The implementation name (`src`) when the actor was invoked or spawned by name. */
  src?: string;
  definition?: ChartNode;
}

/** An event was delivered to an actor. */
export interface EventMessage extends MessageBase {
  type: 'event';
  actorId: string;
  sourceId?: string;
  event: InspectedEvent;
}

export interface InspectedSnapshot {
  status: string;
  value?: JsonValue;
  context?: JsonValue;
  output?: JsonValue;
  error?: JsonValue;
  tags?: string[];
  /** Child actor session ids by child id. */
  children?: Record<string, string>;
}

/** An actor's snapshot after it processed `event`. */
export interface SnapshotMessage extends MessageBase {
  type: 'snapshot';
  actorId: string;
  event: InspectedEvent;
  snapshot: InspectedSnapshot;
}

export interface MicrostepTransition {
  source: string;
  targets: string[];
  event: string;
}

/** One microstep of a macrostep: the transitions taken and the state value after them. */
export interface MicrostepMessage extends MessageBase {
  type: 'microstep';
  actorId: string;
  event: InspectedEvent;
  value: JsonValue;
  transitions: MicrostepTransition[];
}

/** The session's public projections, when the inspected target is a `Session`. */
export interface SessionStateMessage extends MessageBase {
  type: 'session';
  connectionState?: string;
  chatStates?: string[];
}

/** A turn's latency timeline (`session.on('turn-timeline')`); times are the session page's `performance.now()` ms. */
export interface InspectedTurnTimeline {
  turnId: string;
  startedAt: number;
  endedAt: number;
  /** How the turn ended (`spoken`, `unspoken`, `failed`, …). */
  end: string;
  /** Each step that happened (`llmRequestSent`, `firstStf`, …) and when. */
  marks: Record<string, number>;
}

/** A session finished a turn; on (re)connect the adapter sends the ones the session still keeps. */
export interface TurnTimelineMessage extends MessageBase {
  type: 'turn-timeline';
  timeline: InspectedTurnTimeline;
}

/** The adapter's queue overflowed while disconnected; this many older messages were lost. */
export interface DroppedMessage extends MessageBase {
  type: 'dropped';
  count: number;
}

export type InspectorMessage =
  | ActorMessage
  | EventMessage
  | SnapshotMessage
  | MicrostepMessage
  | SessionStateMessage
  | TurnTimelineMessage
  | DroppedMessage;

// ─── Hub → viewer ──────────────────────────────────────────────────────────

export interface SourceInfo {
  sourceId: string;
  label: string;
  connectedAt: number;
}

export type HubMessage =
  | { kind: 'hello'; version: number; sources: SourceInfo[] }
  | { kind: 'source-joined'; source: SourceInfo }
  | { kind: 'source-left'; sourceId: string; at: number }
  /** `replayed` marks history sent to a viewer that connected after the fact. */
  | { kind: 'message'; sourceId: string; message: InspectorMessage; replayed?: true };
