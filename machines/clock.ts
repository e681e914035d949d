/** What the chart reads of the actor system it runs in: its clock. */
interface SystemWithClock {
  _clock: object;
}

/**
 * The chart's "now", in milliseconds, read from the clock of the actor system
 * it runs in — the clock that also runs its delays (`createActor(machine, { clock })`).
 * A clock with `now()`, such as XState's `SimulatedClock`, moves both together,
 * so a test can run a whole conversation on simulated time. XState's default
 * clock is the host's `setTimeout`, whose time is `Date.now()`.
 */
export function chartNow(system: SystemWithClock): number {
  const clock: { now?: unknown } = system._clock;
  return typeof clock.now === 'function' ? (clock.now as () => number).call(clock) : Date.now();
}
