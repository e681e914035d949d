/**
 * An error the chart reports is made when it happens, so each session gets
 * its own (with its own stack), not one instance built at import and shared.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { SPEECH_START_TIMEOUT_MS } from '../../machines/session.setup.js';
import { startConnection } from './connection-harness.js';
import { speak, startSession } from './session-harness.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('errors are created when the action runs', () => {
  it('two connections that time out report two errors', async () => {
    const clock = new SimulatedClock();
    const [a, b] = [startConnection({ clock }), startConnection({ clock })];
    await flush();
    clock.increment(20_000);
    const [ea, eb] = [a.outcome()?.error, b.outcome()?.error];
    expect(ea).toEqual(new Error('The WebRTC link did not come up in time'));
    expect(eb).toEqual(ea);
    expect(eb).not.toBe(ea);
  });

  it('two sessions whose speech never starts report two errors', () => {
    const clock = new SimulatedClock();
    const sessions = [startSession({}, { clock }), startSession({}, { clock })];
    for (const s of sessions) s.send(speak('hello'));
    clock.increment(SPEECH_START_TIMEOUT_MS);
    const [ea, eb] = sessions.map((s) => s.emitted.find((e) => e.type === 'error'));
    expect(ea).toEqual({ type: 'error', error: new Error('The avatar did not start the requested speech in time') });
    expect(eb).toEqual(ea);
    expect((eb as { error: Error }).error).not.toBe((ea as { error: Error }).error);
  });
});
