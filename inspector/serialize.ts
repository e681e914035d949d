import type { JsonObject, JsonValue } from './protocol.js';

/** Bounds applied while turning an arbitrary value into JSON. */
export interface SerializeLimits {
  /** Nesting depth below which objects become `"[Object]"`-style placeholders. @default 6 */
  maxDepth: number;
  /** Longer strings are cut and marked with the number of characters left out. @default 1000 */
  maxStringLength: number;
  /** Items kept per array, Set or Map. @default 50 */
  maxItems: number;
  /** Keys kept per object. @default 50 */
  maxKeys: number;
  /** Values visited per call; past it everything becomes `"[…]"`. @default 2000 */
  maxNodes: number;
}

export const DEFAULT_LIMITS: SerializeLimits = {
  maxDepth: 6,
  maxStringLength: 1000,
  maxItems: 50,
  maxKeys: 50,
  maxNodes: 2000,
};

/** The fallback when a message is still too large with the default limits. */
export const TIGHT_LIMITS: SerializeLimits = {
  maxDepth: 3,
  maxStringLength: 200,
  maxItems: 10,
  maxKeys: 20,
  maxNodes: 300,
};

/**
 * Platform objects that hold handles, not data: serialising them would walk
 * into huge or live graphs, so they become a `"[Name]"` placeholder.
 */
const OPAQUE_CONSTRUCTORS = new Set([
  'RTCPeerConnection',
  'RTCDataChannel',
  'RTCRtpSender',
  'RTCRtpReceiver',
  'RTCRtpTransceiver',
  'MediaStream',
  'MediaStreamTrack',
  'MediaRecorder',
  'AudioContext',
  'OfflineAudioContext',
  'AudioWorkletNode',
  'AudioNode',
  'AudioBuffer',
  'WebSocket',
  'Worker',
  'MessagePort',
  'AbortController',
  'AbortSignal',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'Promise',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'Window',
  'Document',
  'Request',
  'Response',
  'Headers',
  'IncomingMessage',
  'ServerResponse',
  'Socket',
  'Server',
]);

/**
 * Turns any value into plain JSON: never throws, never follows a cycle, and
 * stays within `limits`. Functions, platform objects and binary data become
 * descriptive strings such as `"[Function onDone]"` or `"[Blob 2048 bytes audio/wav]"`.
 */
export function toJsonSafe(value: unknown, limits: SerializeLimits = DEFAULT_LIMITS): JsonValue {
  let nodes = 0;
  const ancestors = new Set<object>();

  const visit = (input: unknown, depth: number): JsonValue => {
    nodes += 1;
    if (nodes > limits.maxNodes) return '[…]';
    switch (typeof input) {
      case 'string':
        return truncate(input, limits.maxStringLength);
      case 'number':
        return Number.isFinite(input) ? input : String(input);
      case 'boolean':
        return input;
      case 'bigint':
        return `${input}n`;
      case 'symbol':
        return input.toString();
      case 'function':
        return `[Function${input.name ? ` ${input.name}` : ''}]`;
      case 'undefined':
        return null;
    }
    if (input === null) return null;
    const object = input as object;
    const placeholder = describeOpaque(object);
    if (placeholder !== undefined) return placeholder;
    if (ancestors.has(object)) return '[Circular]';
    if (depth >= limits.maxDepth) return `[${constructorName(object) ?? 'Object'}]`;

    ancestors.add(object);
    try {
      return visitContainer(object, depth);
    } catch {
      return `[Unreadable ${constructorName(object) ?? 'Object'}]`;
    } finally {
      ancestors.delete(object);
    }
  };

  const visitList = (items: Iterable<unknown>, size: number, depth: number): JsonValue[] => {
    const out: JsonValue[] = [];
    for (const item of items) {
      if (out.length >= limits.maxItems) break;
      out.push(visit(item, depth + 1));
    }
    if (size > out.length) out.push(`[… ${size - out.length} more]`);
    return out;
  };

  const visitContainer = (object: object, depth: number): JsonValue => {
    if (Array.isArray(object)) return visitList(object, object.length, depth);
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (object instanceof RegExp) return object.toString();
    if (object instanceof Error) return describeError(object, depth);
    if (object instanceof Map) {
      return { '@type': 'Map', entries: visitList(object.entries(), object.size, depth) };
    }
    if (object instanceof Set) {
      return { '@type': 'Set', values: visitList(object.values(), object.size, depth) };
    }
    const out: JsonObject = {};
    const name = constructorName(object);
    if (name !== undefined && name !== 'Object') out['@type'] = name;
    const keys = Object.keys(object);
    for (const key of keys.slice(0, limits.maxKeys)) {
      let property: unknown;
      try {
        property = (object as Record<string, unknown>)[key];
      } catch {
        property = '[Unreadable]';
      }
      if (property === undefined) continue;
      out[key] = visit(property, depth + 1);
    }
    if (keys.length > limits.maxKeys) out['…'] = `${keys.length - limits.maxKeys} more keys`;
    return out;
  };

  const describeError = (error: Error, depth: number): JsonObject => {
    const out: JsonObject = { '@type': error.name || 'Error', message: truncate(String(error.message), limits.maxStringLength) };
    for (const key of Object.keys(error).slice(0, limits.maxKeys)) {
      if (key === 'stack' || key === 'message') continue;
      out[key] = visit((error as unknown as Record<string, unknown>)[key], depth + 1);
    }
    if (error.cause !== undefined) out.cause = visit(error.cause, depth + 1);
    if (error.stack) out.stack = truncate(error.stack, limits.maxStringLength);
    return out;
  };

  return visit(value, 0);
}

/** A placeholder for objects that must not be walked, or `undefined` for ordinary data. */
function describeOpaque(object: object): string | undefined {
  if (isActorRef(object)) {
    const id = (object as { id?: unknown }).id;
    return typeof id === 'string' && id !== '' ? `[Actor ${id}]` : '[Actor]';
  }
  if (isBlobLike(object)) {
    const name = constructorName(object) ?? 'Blob';
    return `[${name} ${object.size} bytes${object.type ? ` ${object.type}` : ''}]`;
  }
  if (ArrayBuffer.isView(object)) return `[${constructorName(object) ?? 'TypedArray'} ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
  const name = constructorName(object);
  if (name !== undefined && (OPAQUE_CONSTRUCTORS.has(name) || /^(HTML|SVG)\w*Element$/.test(name))) return `[${name}]`;
  if (isDomNode(object)) return `[${name ?? 'Node'}]`;
  return undefined;
}

function isActorRef(object: object): boolean {
  const candidate = object as { sessionId?: unknown; send?: unknown; getSnapshot?: unknown };
  return typeof candidate.sessionId === 'string' && typeof candidate.send === 'function' && typeof candidate.getSnapshot === 'function';
}

function isBlobLike(object: object): object is { size: number; type: string } {
  const candidate = object as { size?: unknown; type?: unknown; arrayBuffer?: unknown; slice?: unknown };
  return typeof candidate.size === 'number' && typeof candidate.type === 'string' && typeof candidate.arrayBuffer === 'function' && typeof candidate.slice === 'function';
}

function isDomNode(object: object): boolean {
  const candidate = object as { nodeType?: unknown; nodeName?: unknown };
  return typeof candidate.nodeType === 'number' && typeof candidate.nodeName === 'string';
}

function constructorName(object: object): string | undefined {
  try {
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype === null) return undefined;
    const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}… [+${text.length - maxLength} chars]`;
}
