// @vitest-environment happy-dom
/**
 * The selector hooks over a real session statechart (its effects swapped by
 * the machine harness): they follow the actor, re-render only when the
 * selected value changes, and read the provider's session when given none;
 * the event hooks over `session.on`.
 */
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { ChatLogEntry, ChatState, ConnectionQuality, ConnectionState, Session } from '../../src/client/index.js';
import { SessionEvents } from '../../src/client/session-events.js';
import { PersoSessionContext } from '../../react/context.js';
import { useChatLog, useChatStates, useConnectionQuality, useConnectionState, useSessionEvent } from '../../react/index.js';
import { speak, startSession } from '../machines/session-harness.js';
import { render, settle } from './render.js';

function harnessSession() {
  const harness = startSession();
  return { harness, session: { actor: harness.actor } as unknown as Session };
}

interface Reading {
  states: ReadonlySet<ChatState>;
  log: readonly ChatLogEntry[];
  connection: ConnectionState | null;
}

function Reader({ session, readings }: { session?: Session | null; readings: Reading[] }) {
  readings.push({ states: useChatStates(session), log: useChatLog(session), connection: useConnectionState(session) });
  return null;
}

describe('selector hooks', () => {
  it('follow the chat states, the chat log and the link, and re-render only on a change', async () => {
    const { harness, session } = harnessSession();
    const readings: Reading[] = [];
    const view = await render(createElement(Reader, { session, readings }), { strict: false });
    expect(readings.at(-1)).toMatchObject({ connection: 'connecting', log: [] });
    expect([...readings.at(-1)!.states]).toEqual([]);

    await settle(() => harness.notify({ type: 'LINK.STATUS', status: 'connected' }));
    expect(readings.at(-1)!.connection).toBe('connected');

    await settle(() => harness.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hello there' }));
    expect([...readings.at(-1)!.states]).toEqual(['LLM']);
    expect(readings.at(-1)!.log.map((entry) => [entry.text, entry.isUser])).toEqual([['Hello there', true]]);

    const before = readings.length;
    const states = readings.at(-1)!.states;
    // A history commit changes the snapshot but none of the selected values.
    await settle(() => harness.send({ type: 'LLM.COMMIT', turnId: 't1', entry: { role: 'assistant', type: 'message', content: 'Hi' } }));
    expect(readings.length).toBe(before);
    expect(readings.at(-1)!.states).toBe(states);

    await settle(() => harness.send(speak('Hi, nice to meet you.')));
    expect(readings.at(-1)!.states.has('ANALYZING')).toBe(true);

    await settle(() => harness.send({ type: 'SESSION.STOP' }));
    expect(readings.at(-1)!.connection).toBe('closed');
    expect([...readings.at(-1)!.states]).toEqual([]);
    await view.unmount();
  });

  it('read the provider session when given none, and fall back without one', async () => {
    const { harness, session } = harnessSession();
    const readings: Reading[] = [];
    const state = { session, status: 'connected' as const, error: null };
    const view = await render(createElement(PersoSessionContext.Provider, { value: state }, createElement(Reader, { readings })));
    await settle(() => harness.notify({ type: 'LINK.STATUS', status: 'connected' }));
    expect(readings.at(-1)!.connection).toBe('connected');
    await view.unmount();

    const alone: Reading[] = [];
    const nothing = await render(createElement(Reader, { readings: alone }));
    expect(alone.at(-1)).toMatchObject({ connection: null, log: [] });
    expect(alone.at(-1)!.states.size).toBe(0);
    await nothing.unmount();
    harness.send({ type: 'SESSION.STOP' });
  });
});

/** A session's typed event map (the real registry) and its latest quality sample. */
function eventSession() {
  const events = new SessionEvents();
  let quality: ConnectionQuality | null = null;
  const session = {
    on: events.on.bind(events),
    getConnectionQuality: () => quality,
  } as unknown as Session;
  const sample = (level: ConnectionQuality['level']): ConnectionQuality => {
    quality = { level, measured: level, figures: null } as ConnectionQuality;
    events.emit('connection-quality', quality, (error) => {
      throw error;
    });
    return quality;
  };
  return { session, sample };
}

describe('useSessionEvent', () => {
  function Listener({ session, label, heard }: { session: Session; label: string; heard: string[] }) {
    useSessionEvent('connection-quality', (quality) => heard.push(`${label}: ${quality.level}`), session);
    return null;
  }

  it('calls the latest handler for each event and stops listening on unmount', async () => {
    const { session, sample } = eventSession();
    const heard: string[] = [];
    const view = await render(createElement(Listener, { session, label: 'first', heard }));
    await view.rerender(createElement(Listener, { session, label: 'second', heard }));
    await settle(() => sample('good'));
    expect(heard).toEqual(['second: good']);
    await view.unmount();
    sample('poor');
    expect(heard).toEqual(['second: good']);
  });
});

describe('useConnectionQuality', () => {
  it('starts from the latest sample and follows connection-quality events', async () => {
    const { session, sample } = eventSession();
    const first = sample('excellent');
    const seen: Array<ConnectionQuality | null> = [];
    function Meter() {
      seen.push(useConnectionQuality(session));
      return null;
    }
    const view = await render(createElement(Meter));
    expect(seen.at(-1)).toBe(first);
    let second: ConnectionQuality | null = null;
    await settle(() => (second = sample('poor')));
    expect(seen.at(-1)).toBe(second);
    expect(seen.at(-1)?.level).toBe('poor');
    await view.unmount();
  });
});
