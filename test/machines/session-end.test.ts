import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ConnectionMachine } from '../../machines/connection.machine.js';
import type { ConnectionEvent } from '../../machines/connection.types.js';
import { sessionMachine } from '../../machines/session.machine.js';
import { fakeConnection } from './session-harness.js';

function startWithAnnouncer() {
  let announced = 0;
  const machine = sessionMachine.provide({
    actions: { announceSessionEnd: () => void announced++ },
    actors: { connection: fakeConnection([] as ConnectionEvent[]) as unknown as ConnectionMachine },
  });
  const actor = createActor(machine, { input: { width: 640, height: 360 } }).start();
  return { actor, announced: () => announced };
}

describe('telling the server the session ended', () => {
  it('SESSION.STOP announces the end once, and the session is closed without waiting for it', () => {
    const s = startWithAnnouncer();
    s.actor.send({ type: 'SESSION.STOP' });
    expect(s.actor.getSnapshot().status).toBe('done');
    expect(s.actor.getSnapshot().output).toEqual({ reason: 'manual' });
    expect(s.announced()).toBe(1);
  });

  it('a session the connection closed (lost, terminated) announces nothing: the client did not end it', () => {
    const s = startWithAnnouncer();
    const connection = s.actor.getSnapshot().children.connection!;
    connection.send({ type: 'TEST.END', outcome: { reason: 'terminated', terminationReason: 'SESSION_LOST_AFTER_CONNECTION' } });
    expect(s.actor.getSnapshot().output).toEqual({ reason: 'terminated', terminationReason: 'SESSION_LOST_AFTER_CONNECTION' });
    expect(s.announced()).toBe(0);
  });
});
