/** Looking up the session a session-scoped route names, and refusing what it may not do. */
import type { EmulatorContext } from '../context.js';
import { invalid, notFound } from '../http/respond.js';
import type { SessionRecord } from '../sessions/store.js';

export function requireSession(emulator: EmulatorContext, id: string): SessionRecord {
  const record = emulator.store.get(id);
  if (!record) throw notFound(`Session "${id}" does not exist.`);
  emulator.store.touch(record);
  return record;
}

/** A session that has not terminated and has `capability` (when given). */
export function requireLiveSession(emulator: EmulatorContext, id: string, capability?: string): SessionRecord {
  const record = requireSession(emulator, id);
  if (record.status === 'TERMINATED') {
    throw invalid(null, `Session "${id}" was terminated (${record.terminationReason ?? 'unknown reason'}).`);
  }
  if (capability && !record.params.capability.includes(capability)) {
    throw invalid('capability', `Session "${id}" was created without the ${capability} capability.`);
  }
  return record;
}
