import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket';
import { afterEach, describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup, type AnyActorRef, type InspectionEvent } from 'xstate';
import {
  attachInspector,
  createInspectorObserver,
  toInspectorMessage,
  toJsonSafe,
  toSourceUrl,
  type ActorMessage,
  type InspectorAttachment,
  type InspectorMessage,
  type SnapshotMessage,
  type WebSocketConstructorLike,
} from '../../inspector/index.js';

const HUB_URL = 'ws://inspector.test/inspector/ws';

class RTCPeerConnection {
  readonly localDescription = { sdp: 'v=0…' };
}

const sessionMachine = setup({
  types: {
    context: {} as { transcript: string[]; peer: unknown; loop: { name: string; next?: unknown }; onDone: () => void; audio: unknown },
    events: {} as { type: 'CONNECTED' } | { type: 'SAY'; text: string } | { type: 'AUDIO'; blob: Blob } | { type: 'CLOSE' },
  },
  actors: { synthesize: fromPromise(async () => 'ok') },
}).createMachine({
  id: 'session',
  type: 'parallel',
  context: () => {
    const loop: { name: string; next?: unknown } = { name: 'loop' };
    loop.next = loop;
    return { transcript: [], peer: new RTCPeerConnection(), loop, onDone: function onDone() {}, audio: null };
  },
  states: {
    connection: {
      initial: 'connecting',
      states: {
        connecting: { on: { CONNECTED: 'ready' } },
        ready: { on: { CLOSE: 'closed' } },
        closed: { type: 'final' },
      },
    },
    tts: {
      initial: 'idle',
      states: {
        idle: { on: { SAY: { target: 'synthesizing', actions: assign({ transcript: ({ context, event }) => [...context.transcript, event.text] }) } } },
        synthesizing: { invoke: { id: 'tts', src: 'synthesize', onDone: 'idle' } },
      },
      on: { AUDIO: { actions: assign({ audio: ({ event }) => event.blob }) } },
    },
  },
});

/** A mock hub that records every message each connection sends. */
class MockHub {
  readonly server: Server;
  readonly connections: Array<{ client: Client; url: string; messages: InspectorMessage[] }> = [];

  constructor(url = HUB_URL) {
    this.server = new Server(url, { mock: false });
    this.server.on('connection', (client) => {
      const connection = { client, url: client.url, messages: [] as InspectorMessage[] };
      this.connections.push(connection);
      client.on('message', (data) => connection.messages.push(JSON.parse(String(data)) as InspectorMessage));
    });
  }

  get messages(): InspectorMessage[] {
    return this.connections.flatMap((connection) => connection.messages);
  }

  stop(): void {
    this.server.stop();
  }
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function startSession(): AnyActorRef {
  const actor = createActor(sessionMachine).start();
  cleanups.push(() => actor.stop());
  return actor;
}

function attach(target: Parameters<typeof attachInspector>[0], options: Partial<Parameters<typeof attachInspector>[1]> = {}): InspectorAttachment {
  const attachment = attachInspector(target, {
    url: HUB_URL,
    WebSocket: MockWebSocket,
    reconnect: { initialDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });
  cleanups.push(() => attachment.detach());
  return attachment;
}

function hub(): MockHub {
  const created = new MockHub();
  cleanups.push(() => created.stop());
  return created;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const snapshotsOf = (messages: InspectorMessage[], actorId: string): SnapshotMessage[] =>
  messages.filter((message): message is SnapshotMessage => message.type === 'snapshot' && message.actorId === actorId);

describe('attachInspector', () => {
  it('sends the chart first, then the current snapshot, then events and snapshots in order', async () => {
    const server = hub();
    const actor = startSession();
    const attachment = attach(actor, { label: 'demo session' });
    await until(() => attachment.connected, 'connection');
    actor.send({ type: 'CONNECTED' });
    actor.send({ type: 'SAY', text: 'hello' });
    await until(() => snapshotsOf(server.messages, actor.sessionId).length >= 3, 'snapshots');

    expect(server.connections).toHaveLength(1);
    expect(new URL(server.connections[0]!.url).searchParams.get('role')).toBe('source');
    expect(new URL(server.connections[0]!.url).searchParams.get('label')).toBe('demo session');

    const [first, second] = server.messages;
    expect(first).toMatchObject({ type: 'actor', actorId: actor.sessionId, rootId: actor.sessionId });
    const chart = (first as ActorMessage).definition!;
    expect(chart).toMatchObject({ id: 'session', type: 'parallel' });
    expect(chart.states.map((state) => [state.key, state.type])).toEqual([
      ['connection', 'compound'],
      ['tts', 'compound'],
    ]);
    const connection = chart.states[0]!;
    expect(connection.initial).toEqual(['session.connection.connecting']);
    expect(connection.states.map((state) => state.type)).toEqual(['atomic', 'atomic', 'final']);
    expect(connection.states[0]!.on).toEqual([{ event: 'CONNECTED', targets: ['session.connection.ready'], actions: [], reenter: false }]);
    expect(chart.states[1]!.states[1]!.invoke).toEqual([{ id: 'tts', src: 'synthesize' }]);

    expect(second).toMatchObject({ type: 'snapshot', actorId: actor.sessionId, event: { type: '@inspector.sync' } });
    expect((second as SnapshotMessage).snapshot.value).toEqual({ connection: 'connecting', tts: 'idle' });

    const afterSync = server.messages.slice(2);
    const eventTypes = afterSync.filter((message) => message.type === 'event' && message.actorId === actor.sessionId).map((message) => message.type === 'event' && message.event.type);
    expect(eventTypes.slice(0, 2)).toEqual(['CONNECTED', 'SAY']);
    const values = snapshotsOf(afterSync, actor.sessionId).map((message) => message.snapshot.value);
    expect(values[0]).toEqual({ connection: 'ready', tts: 'idle' });
    expect(values[1]).toEqual({ connection: 'ready', tts: 'synthesizing' });

    const child = afterSync.find((message): message is ActorMessage => message.type === 'actor');
    expect(child).toMatchObject({ name: 'tts', src: 'synthesize', parentId: actor.sessionId });
    expect(child!.definition).toBeUndefined();
    expect(afterSync.some((message) => message.type === 'microstep' && message.transitions[0]?.event === 'SAY')).toBe(true);
  });

  it('serialises cycles, functions, blobs and platform objects to plain JSON', async () => {
    const server = hub();
    const actor = startSession();
    attach(actor);
    actor.send({ type: 'AUDIO', blob: new Blob(['RIFF....'], { type: 'audio/wav' }) });
    await until(() => snapshotsOf(server.messages, actor.sessionId).some((message) => message.event.type === 'AUDIO'), 'AUDIO snapshot');

    const audioEvent = server.messages.find((message) => message.type === 'event' && message.event.type === 'AUDIO');
    expect(audioEvent).toMatchObject({ event: { type: 'AUDIO', blob: '[Blob 8 bytes audio/wav]' } });
    const snapshot = snapshotsOf(server.messages, actor.sessionId).find((message) => message.event.type === 'AUDIO')!;
    expect(snapshot.snapshot.context).toEqual({
      transcript: [],
      peer: '[RTCPeerConnection]',
      onDone: '[Function onDone]',
      audio: '[Blob 8 bytes audio/wav]',
      loop: { name: 'loop', next: '[Circular]' },
    });
  });

  it('buffers while the hub is unreachable and delivers everything, chart first, once it appears', async () => {
    const actor = startSession();
    const attachment = attach(actor);
    actor.send({ type: 'CONNECTED' });
    actor.send({ type: 'SAY', text: 'queued' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(attachment.connected).toBe(false);

    const server = hub();
    await until(() => snapshotsOf(server.messages, actor.sessionId).length >= 3, 'flushed queue');
    const messages = server.messages;
    expect(messages[0]).toMatchObject({ type: 'actor', actorId: actor.sessionId });
    expect(messages[0]).toHaveProperty('definition');
    const queuedTypes = messages.filter((message) => message.type === 'event' && message.actorId === actor.sessionId).map((message) => message.type === 'event' && message.event.type);
    expect(queuedTypes).toEqual(expect.arrayContaining(['CONNECTED', 'SAY']));
    const last = snapshotsOf(messages, actor.sessionId).at(-1)!;
    expect(last.event.type).toBe('@inspector.sync');
    expect(last.snapshot.value).toMatchObject({ connection: 'ready' });
  });

  it('reports how many messages the bounded queue dropped', async () => {
    const actor = startSession();
    attach(actor, { maxQueue: 5 });
    for (let index = 0; index < 10; index += 1) actor.send({ type: 'SAY', text: `line ${index}` });
    const server = hub();
    await until(() => server.messages.some((message) => message.type === 'dropped'), 'dropped marker');
    const dropped = server.messages.find((message) => message.type === 'dropped');
    expect(dropped).toMatchObject({ type: 'dropped' });
    expect(dropped!.type === 'dropped' && dropped!.count).toBeGreaterThan(0);
  });

  it('reconnects after the hub goes away and sends the chart again', async () => {
    let server = new MockHub();
    const actor = startSession();
    const attachment = attach(actor);
    await until(() => attachment.connected, 'first connection');

    server.server.close();
    server.stop();
    await until(() => !attachment.connected, 'disconnect');
    actor.send({ type: 'CONNECTED' });

    server = hub();
    await until(() => snapshotsOf(server.messages, actor.sessionId).some((message) => message.event.type === '@inspector.sync'), 'resync');
    expect(server.messages[0]).toMatchObject({ type: 'actor', actorId: actor.sessionId });
    expect(server.messages.some((message) => message.type === 'event' && message.event.type === 'CONNECTED')).toBe(true);
    expect(attachment.connected).toBe(true);
  });

  it('stops sending, closes the socket and never reconnects after detach', async () => {
    const server = hub();
    const actor = startSession();
    const attachment = attach(actor);
    await until(() => attachment.connected, 'connection');
    const closed = new Promise<void>((resolve) => server.connections[0]!.client.on('close', () => resolve()));

    attachment.detach();
    attachment.detach();
    await closed;
    const count = server.messages.length;
    actor.send({ type: 'CONNECTED' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(attachment.connected).toBe(false);
    expect(server.messages).toHaveLength(count);
    expect(server.connections).toHaveLength(1);
  });

  it('reports a session’s connection and chat states next to its actor', async () => {
    const server = hub();
    const actor = startSession();
    let notify: ((states: Set<string>) => void) | undefined;
    let unsubscribed = false;
    const session = {
      actor,
      getConnectionState: () => ((actor.getSnapshot() as { matches(value: object): boolean }).matches({ connection: 'ready' }) ? 'connected' : 'connecting'),
      subscribeChatStates: (callback: (states: Set<string>) => void) => {
        notify = callback;
        return () => {
          unsubscribed = true;
        };
      },
    };
    const attachment = attach(session);
    await until(() => attachment.connected, 'connection');
    actor.send({ type: 'CONNECTED' });
    notify!(new Set(['LLM', 'SPEAKING']));
    await until(() => server.messages.some((message) => message.type === 'session' && message.chatStates?.length === 2), 'chat states');

    const states = server.messages.filter((message) => message.type === 'session');
    expect(states[0]).toMatchObject({ connectionState: 'connecting' });
    expect(states.some((message) => message.type === 'session' && message.connectionState === 'connected')).toBe(true);
    expect(states.at(-1)).toMatchObject({ connectionState: 'connected', chatStates: ['LLM', 'SPEAKING'] });
    attachment.detach();
    expect(unsubscribed).toBe(true);
  });

  it("sends the turn timelines a session kept when it connects, then each new one; a malformed one is skipped", async () => {
    const server = hub();
    const actor = startSession();
    const kept = { turnId: 't1', startedAt: 1, endedAt: 9, end: 'spoken', marks: { llmRequestSent: 2, firstStf: 5 } };
    let listener: ((timeline: unknown) => void) | undefined;
    let stopped = false;
    const session = {
      actor,
      getTurnTimelines: () => [kept],
      on: (_name: 'turn-timeline', callback: (timeline: unknown) => void) => {
        listener = callback;
        return () => void (stopped = true);
      },
    };
    const attachment = attach(session);
    await until(() => attachment.connected, 'connection');
    listener!({ turnId: 't2', startedAt: 10, endedAt: 20, end: 'unspoken', marks: { llmStreamEnd: 19, odd: 'x' } });
    listener!({ turnId: 42 });
    await until(() => server.messages.filter((message) => message.type === 'turn-timeline').length >= 2, 'timelines');
    const timelines = server.messages.filter((message) => message.type === 'turn-timeline');
    expect(timelines.map((message) => message.type === 'turn-timeline' && message.timeline)).toEqual([
      kept,
      { turnId: 't2', startedAt: 10, endedAt: 20, end: 'unspoken', marks: { llmStreamEnd: 19 } },
    ]);
    attachment.detach();
    expect(stopped).toBe(true);
  });

  it('accepts the browser WebSocket class as its transport type', () => {
    const browserWebSocket: WebSocketConstructorLike | undefined = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    expect(browserWebSocket === undefined || typeof browserWebSocket === 'function').toBe(true);
  });

  it('builds the source URL from an http origin or a ws URL', () => {
    expect(toSourceUrl('http://127.0.0.1:8080', 'a b')).toBe('ws://127.0.0.1:8080/inspector/ws?role=source&label=a+b');
    expect(toSourceUrl('https://example.test/inspector', 's')).toBe('wss://example.test/inspector/ws?role=source&label=s');
    expect(toSourceUrl('ws://127.0.0.1:1/inspector/ws', 's')).toBe('ws://127.0.0.1:1/inspector/ws?role=source&label=s');
    expect(() => toSourceUrl('ftp://x', 's')).toThrow(/http\(s\) or ws\(s\)/);
  });
});

describe('createInspectorObserver', () => {
  it('turns a running machine into a stream of messages and never throws into it', () => {
    const received: InspectorMessage[] = [];
    const observer = createInspectorObserver((message) => {
      received.push(message);
      throw new Error('a broken transport');
    });
    const actor = createActor(sessionMachine, { inspect: observer }).start();
    actor.send({ type: 'CONNECTED' });
    actor.stop();

    expect(actor.getSnapshot().value).toEqual({ connection: 'ready', tts: 'idle' });
    const simplified = received.filter((message) => message.type !== 'microstep').map((message) => (message.type === 'event' || message.type === 'snapshot' ? `${message.type}:${message.event.type}` : message.type));
    expect(simplified).toEqual(['actor', 'event:xstate.init', 'snapshot:xstate.init', 'event:CONNECTED', 'snapshot:CONNECTED', 'snapshot:xstate.stop']);
    expect(received[0]).toHaveProperty('definition.id', 'session');
    expect(received.at(-1)).toMatchObject({ type: 'snapshot', snapshot: { status: 'stopped' } });
  });

  it('announces an actor tree that was started before inspection', () => {
    const actor = startSession();
    actor.send({ type: 'SAY', text: 'hi' });
    const received: InspectorMessage[] = [];
    createInspectorObserver((message) => received.push(message)).announce(actor);
    expect(received.map((message) => message.type)).toEqual(['actor', 'actor', 'snapshot', 'snapshot']);
    expect(received[1]).toMatchObject({ name: 'tts', parentId: actor.sessionId });
  });
});

describe('toInspectorMessage', () => {
  const fakeActor = { sessionId: 'x:0', id: 'x:0', send() {}, getSnapshot() {}, system: {} } as unknown as AnyActorRef;

  it('keeps every message under the byte limit, tightening limits and then leaving payloads out', () => {
    const huge = 'é'.repeat(200_000);
    const event: InspectionEvent = {
      type: '@xstate.snapshot',
      rootId: 'x:0',
      actorRef: fakeActor,
      event: { type: 'BIG', payload: huge },
      snapshot: { status: 'active', value: 'idle', context: { rows: Array.from({ length: 5000 }, (_, index) => ({ index, text: huge.slice(0, 500) })) } } as never,
    };
    for (const maxMessageBytes of [64 * 1024, 4096, 600]) {
      const message = toInspectorMessage(event, { maxMessageBytes })!;
      expect(new TextEncoder().encode(JSON.stringify(message)).length).toBeLessThanOrEqual(maxMessageBytes);
      expect(message).toMatchObject({ type: 'snapshot', event: { type: 'BIG' }, snapshot: { status: 'active', value: 'idle' } });
    }
    const smallest = toInspectorMessage(event, { maxMessageBytes: 600 }) as SnapshotMessage;
    expect(smallest.snapshot.context).toMatch(/^\[omitted: \d+ bytes\]$/);
  });

  it('ignores the inspection kinds the inspector does not relay', () => {
    expect(toInspectorMessage({ type: '@xstate.action', rootId: 'x:0', actorRef: fakeActor, action: { type: 'a', params: undefined } })).toBeUndefined();
  });
});

describe('toJsonSafe', () => {
  it('handles odd values without throwing', () => {
    const hostile = {
      get broken(): never {
        throw new Error('getter');
      },
    };
    const map = new Map<string, unknown>([['a', 1n]]);
    const error = new TypeError('bad', { cause: 'why' });
    expect(toJsonSafe({ hostile, map, set: new Set([1]), nan: Number.NaN, sym: Symbol('s'), bytes: new Uint8Array(4), when: new Date(0), error })).toMatchObject({
      hostile: { broken: '[Unreadable]' },
      map: { '@type': 'Map', entries: [['a', '1n']] },
      set: { '@type': 'Set', values: [1] },
      nan: 'NaN',
      sym: 'Symbol(s)',
      bytes: '[Uint8Array 4 bytes]',
      when: '1970-01-01T00:00:00.000Z',
      error: { '@type': 'TypeError', message: 'bad', cause: 'why' },
    });
    expect(toJsonSafe('x'.repeat(50), { maxDepth: 2, maxItems: 2, maxKeys: 2, maxNodes: 10, maxStringLength: 10 })).toBe('xxxxxxxxxx… [+40 chars]');
    expect(toJsonSafe([1, 2, 3], { maxDepth: 2, maxItems: 2, maxKeys: 2, maxNodes: 10, maxStringLength: 10 })).toEqual([1, 2, '[… 1 more]']);
    expect(toJsonSafe({ a: { b: { c: 1 } } }, { maxDepth: 2, maxItems: 2, maxKeys: 2, maxNodes: 10, maxStringLength: 10 })).toEqual({ a: { b: '[Object]' } });
  });
});
