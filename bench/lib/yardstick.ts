/**
 * The published SDK (1.6.1, built from its source) measured on this machine
 * kind against this project's emulator, in one side-by-side run (issue 12):
 * the yardstick the benchmarks' targets are set from.
 */
export const PUBLISHED = {
  /** Chromium: createSession → ready, ms. */
  chromiumReadyMs: 242,
  /** Chromium: createSession → first decoded video frame, ms. */
  chromiumFirstFrameMs: 346,
  /** processChat → first `ttstf`, 3-sentence answer streamed over 1 s, ms. */
  firstTtstfMs: 7,
  /** processChat → first `stf`, same answer, ms. */
  firstStfMs: 83,
  /** Session.processLLM, one realistic 20 KB turn at 64 B reads, ms. */
  sessionProcessLlm20kb64bMs: 1,
} as const;

/** The targets, as fractions or multiples of the yardstick. */
export const TARGETS = {
  chromiumReadyMs: 0.6 * PUBLISHED.chromiumReadyMs,
  chromiumFirstFrameMs: 0.8 * PUBLISHED.chromiumFirstFrameMs,
  /** First `ttstf` within this long of the first sentence end arriving. */
  ttstfAfterSentenceEndMs: 5,
  /** Throughput ratio to the published SDK, at every read size. */
  speedup: 1.5,
} as const;
