import type {
  ChartNode,
  HubMessage,
  InspectedEvent,
  InspectedSnapshot,
  InspectedTurnTimeline,
  InspectorMessage,
  JsonValue,
  SourceInfo,
} from '../protocol.js';

/**
 * What the page knows, built only from hub messages: pure data with no DOM,
 * so it can be tested on its own and rendered by any view.
 */

export interface ActorView {
  actorId: string;
  parentId?: string;
  name: string;
  src?: string;
  definition?: ChartNode;
  snapshot?: InspectedSnapshot;
  /** The context before the most recent snapshot that changed it. */
  previousContext?: JsonValue;
  contextChange?: { eventType: string; at: number };
}

export interface LogEntry {
  /** Increases by one per entry across the page, so views can append only what is new. */
  seq: number;
  at: number;
  actorId: string;
  actorName: string;
  event: InspectedEvent;
  sourceActorId?: string;
  /** Transitions taken for this event: `source → target` by state id. */
  transitions: string[];
}

export interface Segment {
  label: string;
  start: number;
  end?: number;
}

export interface Track {
  name: string;
  segments: Segment[];
}

export interface SourceView {
  info: SourceInfo;
  online: boolean;
  rootId?: string;
  actors: Map<string, ActorView>;
  log: LogEntry[];
  tracks: Map<string, Track>;
  /** Tracks that follow chart regions (as opposed to session states). */
  regionTracks: Set<string>;
  connectionState?: string;
  chatStates?: string[];
  /** The root chart's latest `connectionQuality` (level and figures), when the session samples it. */
  connectionQuality?: { level: string; figures: JsonValue };
  /** The session's finished turns, oldest first (`MAX_TURN_TIMELINES` kept). */
  turnTimelines: InspectedTurnTimeline[];
  dropped: number;
  firstAt?: number;
  lastAt?: number;
}

export interface InspectorModel {
  sources: Map<string, SourceView>;
  nextSeq: number;
}

export const MAX_LOG_ENTRIES = 1000;
const MAX_SEGMENTS = 500;
const MAX_OFFLINE_SOURCES = 20;
export const MAX_TURN_TIMELINES = 20;

export const CONNECTION_TRACK = 'connection state';
export const CHAT_TRACK = 'chat states';
export const QUALITY_TRACK = 'link quality';

export function createModel(): InspectorModel {
  return { sources: new Map(), nextSeq: 1 };
}

/** Applies one hub message; returns the id of the source it touched, if any. */
export function applyHubMessage(model: InspectorModel, message: HubMessage): string | undefined {
  switch (message.kind) {
    case 'hello':
      // A (re)connect: the hub replays what it kept of each live source, so start those afresh.
      for (const source of model.sources.values()) source.online = false;
      for (const info of message.sources) {
        model.sources.delete(info.sourceId);
        addSource(model, info);
      }
      return undefined;
    case 'source-joined':
      addSource(model, message.source);
      return message.source.sourceId;
    case 'source-left': {
      const source = model.sources.get(message.sourceId);
      if (!source) return undefined;
      source.online = false;
      source.lastAt = Math.max(source.lastAt ?? message.at, message.at);
      for (const track of source.tracks.values()) closeTrack(track, source.lastAt);
      return message.sourceId;
    }
    case 'message': {
      const source = model.sources.get(message.sourceId) ?? addSource(model, { sourceId: message.sourceId, label: message.sourceId, connectedAt: message.message.at });
      applyInspectorMessage(model, source, message.message);
      return message.sourceId;
    }
  }
}

function addSource(model: InspectorModel, info: SourceInfo): SourceView {
  const existing = model.sources.get(info.sourceId);
  if (existing) {
    existing.online = true;
    return existing;
  }
  const source: SourceView = { info, online: true, actors: new Map(), log: [], tracks: new Map(), regionTracks: new Set(), turnTimelines: [], dropped: 0 };
  model.sources.set(info.sourceId, source);
  forgetOldOfflineSources(model);
  return source;
}

function forgetOldOfflineSources(model: InspectorModel): void {
  const offline = [...model.sources.values()].filter((source) => !source.online);
  for (const source of offline.slice(0, Math.max(0, offline.length - MAX_OFFLINE_SOURCES))) model.sources.delete(source.info.sourceId);
}

export function applyInspectorMessage(model: InspectorModel, source: SourceView, message: InspectorMessage): void {
  source.firstAt = Math.min(source.firstAt ?? message.at, message.at);
  source.lastAt = Math.max(source.lastAt ?? message.at, message.at);
  source.rootId ??= message.rootId;
  switch (message.type) {
    case 'actor': {
      const actor = actorOf(source, message.actorId);
      actor.name = message.name;
      if (message.parentId !== undefined) actor.parentId = message.parentId;
      if (message.src !== undefined) actor.src = message.src;
      if (message.definition) actor.definition = message.definition;
      return;
    }
    case 'event': {
      if (message.event.type.startsWith('@inspector.')) return;
      const entry: LogEntry = {
        seq: model.nextSeq++,
        at: message.at,
        actorId: message.actorId,
        actorName: displayName(actorOf(source, message.actorId)),
        event: message.event,
        transitions: [],
      };
      if (message.sourceId !== undefined) entry.sourceActorId = message.sourceId;
      source.log.push(entry);
      if (source.log.length > MAX_LOG_ENTRIES) source.log.splice(0, source.log.length - MAX_LOG_ENTRIES);
      return;
    }
    case 'microstep': {
      const entry = findLast(source.log, (candidate) => candidate.actorId === message.actorId);
      if (!entry) return;
      for (const transition of message.transitions) {
        entry.transitions.push(`${transition.source} → ${transition.targets.length > 0 ? transition.targets.join(', ') : '(self)'}`);
      }
      return;
    }
    case 'snapshot':
      applySnapshot(source, message.actorId, message.snapshot, message.event.type, message.at);
      return;
    case 'session':
      if (message.connectionState !== undefined) {
        source.connectionState = message.connectionState;
        setTrack(source, CONNECTION_TRACK, message.connectionState, message.at);
      }
      if (message.chatStates !== undefined) {
        source.chatStates = message.chatStates;
        setTrack(source, CHAT_TRACK, message.chatStates.length > 0 ? message.chatStates.join(' + ') : 'idle', message.at);
      }
      return;
    case 'turn-timeline':
      addTurnTimeline(source, message.timeline);
      return;
    case 'dropped':
      source.dropped += message.count;
      return;
  }
}

/** A reconnecting adapter sends the turns it still keeps again: each turn is kept once, in the order the session finished them. */
function addTurnTimeline(source: SourceView, timeline: InspectedTurnTimeline): void {
  if (source.turnTimelines.some((kept) => kept.turnId === timeline.turnId)) return;
  source.turnTimelines.push(timeline);
  source.turnTimelines.sort((a, b) => a.endedAt - b.endedAt);
  if (source.turnTimelines.length > MAX_TURN_TIMELINES) source.turnTimelines.splice(0, source.turnTimelines.length - MAX_TURN_TIMELINES);
}

function applySnapshot(source: SourceView, actorId: string, snapshot: InspectedSnapshot, eventType: string, at: number): void {
  const actor = actorOf(source, actorId);
  const before = actor.snapshot?.context;
  if (actor.snapshot && JSON.stringify(before) !== JSON.stringify(snapshot.context)) {
    actor.previousContext = before ?? null;
    actor.contextChange = { eventType, at };
  }
  actor.snapshot = snapshot;
  if (actorId === source.rootId) applyConnectionQuality(source, snapshot.context, at);
  if (actorId !== source.rootId || !actor.definition || snapshot.value === undefined) return;
  let labels = regionLabels(actor.definition, snapshot.value);
  const leftRegions = labels.length === 1 && labels[0]![0] === actor.definition.key && source.regionTracks.size > 0 && !source.regionTracks.has(actor.definition.key);
  if (leftRegions) labels = [];
  for (const [name, label] of labels) {
    source.regionTracks.add(name);
    setTrack(source, name, label, at);
  }
  // Leaving the parallel part (say, for `closed`) ends every region's strip with that state.
  const named = new Set(labels.map(([name]) => name));
  for (const name of source.regionTracks) {
    if (!named.has(name)) setTrack(source, name, describeValue(snapshot.value), at);
  }
}

/** The session chart keeps its link quality in context (`connectionQuality`): a track of its level, and the latest figures. */
function applyConnectionQuality(source: SourceView, context: JsonValue | undefined, at: number): void {
  const quality = isObject(context) ? context.connectionQuality : undefined;
  if (!isObject(quality) || typeof quality.level !== 'string') return;
  source.connectionQuality = { level: quality.level, figures: quality.figures ?? null };
  setTrack(source, QUALITY_TRACK, quality.level, at);
}

/**
 * One `[track, label]` per region of the first parallel state on the active
 * path (the root itself, or say `active` under a compound root); a chart with
 * no parallel state gets one track named after its root.
 */
export function regionLabels(node: ChartNode, value: JsonValue): Array<[string, string]> {
  if (node.type === 'parallel' && isObject(value)) {
    return node.states.filter((region) => value[region.key] !== undefined).map((region) => [region.key, describeValue(value[region.key]!)]);
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    const child = keys.length === 1 ? node.states.find((candidate) => candidate.key === keys[0]) : undefined;
    if (child) {
      const inner = regionLabels(child, value[child.key]!);
      if (inner.length !== 1 || inner[0]![0] !== child.key) return inner;
    }
  }
  return [[node.key, describeValue(value)]];
}

function actorOf(source: SourceView, actorId: string): ActorView {
  let actor = source.actors.get(actorId);
  if (!actor) {
    actor = { actorId, name: actorId };
    source.actors.set(actorId, actor);
  }
  return actor;
}

function setTrack(source: SourceView, name: string, label: string, at: number): void {
  let track = source.tracks.get(name);
  if (!track) {
    track = { name, segments: [] };
    source.tracks.set(name, track);
  }
  const last = track.segments[track.segments.length - 1];
  if (last && last.end === undefined && last.label === label) return;
  closeTrack(track, at);
  track.segments.push({ label, start: at });
  if (track.segments.length > MAX_SEGMENTS) track.segments.shift();
}

function closeTrack(track: Track, at: number): void {
  const last = track.segments[track.segments.length - 1];
  if (last && last.end === undefined) last.end = Math.max(at, last.start);
}

/** A state value as a short path: `{ connecting: 'ice' }` → `connecting.ice`, parallel parts joined by ` | `. */
export function describeValue(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return JSON.stringify(value);
  const parts = Object.entries(value).map(([key, inner]) => {
    const rest = describeValue(inner);
    return isObject(inner) && Object.keys(inner).length > 1 ? `${key}.(${rest})` : `${key}.${rest}`;
  });
  return parts.join(' | ');
}

/** The ids of every state node that is active for `value`, the root included. */
export function activeStateIds(chart: ChartNode, value: JsonValue | undefined): Set<string> {
  const active = new Set<string>([chart.id]);
  const visit = (node: ChartNode, nodeValue: JsonValue | undefined): void => {
    if (node.type === 'parallel') {
      for (const child of node.states) {
        active.add(child.id);
        visit(child, isObject(nodeValue) ? nodeValue[child.key] : undefined);
      }
      return;
    }
    if (typeof nodeValue === 'string') {
      const child = node.states.find((candidate) => candidate.key === nodeValue);
      if (child) {
        active.add(child.id);
        visit(child, undefined);
      }
      return;
    }
    if (isObject(nodeValue)) {
      for (const [key, inner] of Object.entries(nodeValue)) {
        const child = node.states.find((candidate) => candidate.key === key);
        if (!child) continue;
        active.add(child.id);
        visit(child, inner);
      }
    }
  };
  visit(chart, value);
  return active;
}

export interface ContextChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

/** The leaf-level differences between two JSON values, paths like `llm.history[2].text`. */
export function diffJson(before: JsonValue | undefined, after: JsonValue | undefined, path = ''): ContextChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined) return [{ path: path || '(root)', kind: 'added', after: after as JsonValue }];
  if (after === undefined) return [{ path: path || '(root)', kind: 'removed', before }];
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  const bothObjects = isObject(before) && isObject(after);
  if (!bothArrays && !bothObjects) return [{ path: path || '(root)', kind: 'changed', before, after }];
  const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
  const changes: ContextChange[] = [];
  for (const key of keys) {
    const childPath = bothArrays ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const left = (before as Record<string, JsonValue>)[key];
    const right = (after as Record<string, JsonValue>)[key];
    changes.push(...diffJson(left, right, childPath));
  }
  return changes;
}

/** A root actor's generated id (`x:0`) says nothing; its machine id does. */
export function displayName(actor: ActorView): string {
  return actor.parentId === undefined && actor.definition ? actor.definition.id : actor.name;
}

/** The actor whose chart the page shows first: the root, else the first actor with a chart. */
export function defaultActorId(source: SourceView): string | undefined {
  if (source.rootId && source.actors.get(source.rootId)?.definition) return source.rootId;
  for (const actor of source.actors.values()) if (actor.definition) return actor.actorId;
  return source.rootId;
}

export function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findLast<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index -= 1) if (predicate(items[index]!)) return items[index];
  return undefined;
}
