// @vitest-environment happy-dom
/**
 * The selector hooks over a real session statechart (its effects swapped by
 * the machine harness): they follow the actor, re-render only when the
 * selected value changes, and read the provider's session when given none.
 */
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { ChatLogEntry, ChatState, ConnectionState, Session } from '../../src/client/index.js';
import { PersoSessionContext } from '../../react/context.js';
import { useChatLog, useChatStates, useConnectionState, useSessionEvent } from '../../react/index.js';
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
    // A draft changes the snapshot but none of the selected values.
    await settle(() => harness.send({ type: 'LLM.DRAFT', text: 'Hi' }));
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

describe('useSessionEvent', () => {
  function Listener({ session, label, heard }: { session: Session; label: string; heard: string[] }) {
    useSessionEvent('transcript', (event) => heard.push(`${label}: ${event.text}`), session);
    return null;
  }

  it('calls the latest handler for each event and stops listening on unmount', async () => {
    const { harness, session } = harnessSession();
    const heard: string[] = [];
    const view = await render(createElement(Listener, { session, label: 'first', heard }));
    await view.rerender(createElement(Listener, { session, label: 'second', heard }));
    await settle(() => harness.actor.send({ type: 'STT.START', requestId: 'stt-1' }));
    await settle(() => harness.recorder.sendBack?.({ type: 'RECORDER.STARTED' }));
    await settle(() => harness.actor.send({ type: 'STT.STOP', requestId: 'stt-2' }));
    await settle(() => harness.recorder.sendBack?.({ type: 'RECORDER.STOPPED', file: new File([], 'speech.wav') }));
    await settle();
    expect(heard).toEqual(['second: hello world']);
    await view.unmount();
    harness.actor.send({ type: 'STT.START', requestId: 'stt-3' });
    harness.recorder.sendBack?.({ type: 'RECORDER.STARTED' });
    harness.actor.send({ type: 'STT.STOP', requestId: 'stt-4' });
    harness.recorder.sendBack?.({ type: 'RECORDER.STOPPED', file: new File([], 'speech.wav') });
    await settle();
    expect(heard).toEqual(['second: hello world']);
    harness.send({ type: 'SESSION.STOP' });
  });
});
