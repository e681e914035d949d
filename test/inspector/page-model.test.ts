import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { chartOf } from '../../inspector/definition.js';
import { activeStateIds, applyHubMessage, createModel, describeValue, diffJson, MAX_TURN_TIMELINES, regionLabels, type InspectorModel } from '../../inspector/page/model.js';
import type { HubMessage, InspectorMessage } from '../../inspector/protocol.js';

const chart = chartOf(
  createMachine({
    id: 'session',
    type: 'parallel',
    states: {
      connection: {
        initial: 'connecting',
        states: {
          connecting: { initial: 'ice', states: { ice: {}, negotiating: { id: 'negotiate' } } },
          ready: {},
        },
      },
      llm: { initial: 'idle', states: { idle: {}, streaming: {} } },
    },
  }),
)!;

function feed(model: InspectorModel, ...messages: InspectorMessage[]): void {
  for (const message of messages) applyHubMessage(model, { kind: 'message', sourceId: 's1', message });
}

const base = { rootId: 'x:0', actorId: 'x:0' };

describe('page model', () => {
  it('finds active state ids from a state value, through parallel regions and custom ids', () => {
    const active = activeStateIds(chart, { connection: { connecting: 'negotiating' }, llm: 'streaming' });
    expect([...active].sort()).toEqual(['negotiate', 'session', 'session.connection', 'session.connection.connecting', 'session.llm', 'session.llm.streaming']);
    expect([...activeStateIds(chart, undefined)].sort()).toEqual(['session', 'session.connection', 'session.llm']);
  });

  it('finds the regions to draw as tracks under a compound root', () => {
    const wrapped = chartOf(
      createMachine({
        id: 'root',
        initial: 'active',
        states: { active: { type: 'parallel', states: { a: { initial: 'x', states: { x: {} } }, b: { initial: 'y', states: { y: {} } } } }, closed: { type: 'final' } },
      }),
    )!;
    expect(regionLabels(wrapped, { active: { a: 'x', b: 'y' } })).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
    expect(regionLabels(wrapped, 'closed')).toEqual([['root', 'closed']]);
    const model = createModel();
    const snapshot = (value: string | Record<string, unknown>, at: number): InspectorMessage => ({ type: 'snapshot', ...base, at, event: { type: 'E' }, snapshot: { status: 'active', value: value as never } });
    feed(model, { type: 'actor', ...base, at: 0, name: 'x:0', definition: wrapped }, snapshot({ active: { a: 'x', b: 'y' } }, 1), snapshot('closed', 2));
    expect(model.sources.get('s1')!.tracks.get('a')!.segments.map((segment) => segment.label)).toEqual(['x', 'closed']);
    expect([...model.sources.get('s1')!.tracks.keys()]).toEqual(['a', 'b']);
  });

  it('describes state values as short paths', () => {
    expect(describeValue({ connecting: 'ice' })).toBe('connecting.ice');
    expect(describeValue('ready')).toBe('ready');
  });

  it('diffs contexts down to the changed leaves', () => {
    expect(diffJson({ a: 1, list: [1, 2], gone: true, same: { x: 1 } }, { a: 2, list: [1, 2, 3], same: { x: 1 }, fresh: 'y' })).toEqual([
      { path: 'a', kind: 'changed', before: 1, after: 2 },
      { path: 'list[2]', kind: 'added', after: 3 },
      { path: 'gone', kind: 'removed', before: true },
      { path: 'fresh', kind: 'added', after: 'y' },
    ]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('builds the log, transitions, region tracks, session tracks and context changes', () => {
    const model = createModel();
    applyHubMessage(model, { kind: 'hello', version: 1, sources: [{ sourceId: 's1', label: 'demo', connectedAt: 0 }] });
    feed(
      model,
      { type: 'actor', ...base, at: 1, name: 'x:0', definition: chart },
      { type: 'snapshot', ...base, at: 1, event: { type: '@inspector.sync' }, snapshot: { status: 'active', value: { connection: { connecting: 'ice' }, llm: 'idle' }, context: { n: 0 } } },
      { type: 'event', ...base, at: 2, event: { type: 'ICE_DONE', candidates: 3 } },
      { type: 'microstep', ...base, at: 2, event: { type: 'ICE_DONE' }, value: {}, transitions: [{ source: 'session.connection.connecting.ice', targets: ['negotiate'], event: 'ICE_DONE' }] },
      { type: 'snapshot', ...base, at: 2, event: { type: 'ICE_DONE' }, snapshot: { status: 'active', value: { connection: { connecting: 'negotiating' }, llm: 'idle' }, context: { n: 1 } } },
      { type: 'session', rootId: 'x:0', at: 3, connectionState: 'connecting', chatStates: [] },
      { type: 'session', rootId: 'x:0', at: 4, connectionState: 'connected', chatStates: ['LLM'] },
      { type: 'dropped', rootId: 'x:0', at: 5, count: 7 },
    );
    const source = model.sources.get('s1')!;
    expect(source.log.map((entry) => [entry.actorName, entry.event.type, entry.transitions])).toEqual([['session', 'ICE_DONE', ['session.connection.connecting.ice → negotiate']]]);
    expect(source.tracks.get('connection')!.segments).toEqual([
      { label: 'connecting.ice', start: 1, end: 2 },
      { label: 'connecting.negotiating', start: 2 },
    ]);
    expect(source.tracks.get('chat states')!.segments.map((segment) => segment.label)).toEqual(['idle', 'LLM']);
    expect(source.connectionState).toBe('connected');
    expect(source.dropped).toBe(7);
    const actor = source.actors.get('x:0')!;
    expect(actor.previousContext).toEqual({ n: 0 });
    expect(actor.contextChange).toEqual({ eventType: 'ICE_DONE', at: 2 });

    applyHubMessage(model, { kind: 'source-left', sourceId: 's1', at: 9 });
    expect(source.online).toBe(false);
    expect(source.tracks.get('connection')!.segments[1]).toEqual({ label: 'connecting.negotiating', start: 2, end: 9 });
  });

  it("draws the root chart's connectionQuality as a 'link quality' track and keeps the latest figures", () => {
    const model = createModel();
    applyHubMessage(model, { kind: 'hello', version: 1, sources: [{ sourceId: 's1', label: 'demo', connectedAt: 0 }] });
    const figures = { rttMs: 4, videoFps: 25 };
    const snapshot = (at: number, context: Record<string, unknown>): InspectorMessage => ({
      type: 'snapshot', ...base, at, event: { type: 'LINK.QUALITY' }, snapshot: { status: 'active', value: { connection: 'ready', llm: 'idle' }, context: context as never },
    });
    feed(
      model,
      { type: 'actor', ...base, at: 1, name: 'x:0', definition: chart },
      snapshot(1, { connectionQuality: null }),
      snapshot(2, { connectionQuality: { level: 'excellent', figures } }),
      snapshot(3, { connectionQuality: { level: 'excellent', figures } }),
      snapshot(4, { connectionQuality: { level: 'poor', figures: { rttMs: 1500, videoFps: 25 } } }),
      { type: 'snapshot', rootId: 'x:0', actorId: 'x:1', at: 5, event: { type: 'X' }, snapshot: { status: 'active', value: 'a', context: { connectionQuality: { level: 'lost' } } } },
    );
    const source = model.sources.get('s1')!;
    expect(source.tracks.get('link quality')!.segments).toEqual([
      { label: 'excellent', start: 2, end: 4 },
      { label: 'poor', start: 4 },
    ]);
    expect(source.connectionQuality).toEqual({ level: 'poor', figures: { rttMs: 1500, videoFps: 25 } });
  });

  it('keeps each finished turn once, in the order the session finished them, at most MAX_TURN_TIMELINES', () => {
    const model = createModel();
    const turn = (turnId: string, endedAt: number): InspectorMessage => ({
      type: 'turn-timeline', rootId: 'x:0', at: endedAt, timeline: { turnId, startedAt: endedAt - 5, endedAt, end: 'spoken', marks: { llmRequestSent: endedAt - 4 } },
    });
    feed(model, turn('t2', 20), turn('t1', 10), turn('t2', 20));
    expect(model.sources.get('s1')!.turnTimelines.map((t) => t.turnId)).toEqual(['t1', 't2']);
    for (let index = 3; index <= MAX_TURN_TIMELINES + 5; index++) feed(model, turn(`t${index}`, index * 10));
    const kept = model.sources.get('s1')!.turnTimelines;
    expect(kept).toHaveLength(MAX_TURN_TIMELINES);
    expect(kept.at(-1)!.turnId).toBe(`t${MAX_TURN_TIMELINES + 5}`);
  });

  it('starts a live source afresh when the hub says hello again (its history is replayed)', () => {
    const model = createModel();
    const hello: HubMessage = { kind: 'hello', version: 1, sources: [{ sourceId: 's1', label: 'demo', connectedAt: 0 }] };
    applyHubMessage(model, hello);
    feed(model, { type: 'event', ...base, at: 2, event: { type: 'A' } });
    applyHubMessage(model, { kind: 'hello', version: 1, sources: [] });
    expect(model.sources.get('s1')!.online).toBe(false);
    applyHubMessage(model, hello);
    feed(model, { type: 'event', ...base, at: 2, event: { type: 'A' } });
    expect(model.sources.get('s1')!.log).toHaveLength(1);
  });
});
