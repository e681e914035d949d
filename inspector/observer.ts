import type { AnyActorRef, InspectionEvent, Observer } from 'xstate';
import { actorTree, describeActor, describeCurrentSnapshot, toInspectorMessage, type MessageOptions } from './messages.js';
import type { InspectorMessage } from './protocol.js';

/** An XState inspection observer that turns inspection events into inspector messages. */
export interface InspectorObserver extends Observer<InspectionEvent> {
  next(event: InspectionEvent): void;
  /**
   * Reports an actor tree that was already running before the observer was
   * registered: an `actor` message for each actor (parents first), then its
   * current snapshot.
   */
  announce(actor: AnyActorRef): void;
}

/**
 * Creates an observer for `createActor(machine, { inspect: observer })` or
 * `actor.system.inspect(observer)` that hands each message to `send`. Neither
 * serialisation nor `send` can throw back into the inspected actor.
 */
export function createInspectorObserver(send: (message: InspectorMessage) => void, options: MessageOptions = {}): InspectorObserver {
  const deliver = (build: () => InspectorMessage | undefined): void => {
    try {
      const message = build();
      if (message) send(message);
    } catch {
      // Inspection is best-effort; the session must never fail because of it.
    }
  };
  return {
    next(event) {
      deliver(() => toInspectorMessage(event, options));
    },
    announce(actor) {
      const tree = actorTree(actor);
      for (const ref of tree) deliver(() => describeActor(ref, options));
      for (const ref of tree) deliver(() => describeCurrentSnapshot(ref, options));
    },
  };
}
