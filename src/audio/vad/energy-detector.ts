/**
 * The built-in voice activity detector: frame energy over an adaptive noise
 * floor, with hysteresis (a higher level to start speech than to keep it) and
 * a hangover (speech ends only after `silenceMs` below the keep level).
 *
 * It runs inside the recorder's AudioWorklet, so it is written as one
 * self-contained function with no imports and no outer references:
 * `createEnergyDetector.toString()` is pasted into the worklet's source, and
 * the same code runs in Node's unit tests.
 */

export interface EnergyDetectorOptions {
  /** Silence that ends an utterance, in ms. @default 700 */
  silenceMs?: number;
  /** Speech shorter than this is a blip, not an utterance, in ms. @default 200 */
  minSpeechMs?: number;
  /** dB above the noise floor that starts speech. Lower is more sensitive. @default 12 */
  startDb?: number;
  /** dB above the noise floor that keeps speech going (hysteresis). @default 6 */
  keepDb?: number;
  /** Frames quieter than this (dBFS) are never speech, however quiet the room. @default -55 */
  minLevelDb?: number;
  /** An utterance that lasts longer is ended (and the floor re-learnt), in ms. @default 30000 */
  maxSpeechMs?: number;
  /**
   * Speech rises and falls with its syllables; a sound whose level stays within this many dB for
   * `stationaryMs` is noise (a fan switched on), so the utterance ends and the floor learns it. @default 3
   */
  stationaryDb?: number;
  /** @default 1500 */
  stationaryMs?: number;
  /**
   * Within its first `minSpeechMs` (after the onset frame), a voice rises and falls by at least this many dB; a
   * sound that stays steadier (a fan or a vacuum switched on) stays an onset, and after `stationaryMs` it is a
   * misfire learnt as the floor — never a speech start, so it never interrupts the avatar. @default 2
   */
  onsetSpreadDb?: number;
}

export type EnergyDetectorEvent =
  /** Level rose above the start threshold: capture from here (with pre-roll), it may still be a blip. */
  | { type: 'onset'; atMs: number }
  /** The onset held for `minSpeechMs`: the user is speaking. */
  | { type: 'speech-start'; atMs: number }
  /** The onset fell silent before `minSpeechMs`, or stayed steady (noise switched on): drop what was captured. */
  | { type: 'misfire'; atMs: number }
  /** `silenceMs` of silence after speech. */
  | { type: 'speech-end'; startMs: number; endMs: number; durationMs: number };

export interface EnergyDetector {
  /** Feeds one frame's RMS level (0…1) lasting `frameMs`; answers what it changed, if anything. */
  push(rms: number, frameMs: number): EnergyDetectorEvent | null;
  /** Changes thresholds while running (e.g. stricter while the avatar speaks). */
  update(options: EnergyDetectorOptions): void;
  /** The current noise floor in dBFS (for meters and tests). */
  floorDb(): number;
  /** Whether an utterance (or its onset) is in progress. */
  active(): boolean;
}

export function createEnergyDetector(initial: EnergyDetectorOptions = {}): EnergyDetector {
  const settings = { silenceMs: 700, minSpeechMs: 200, startDb: 12, keepDb: 6, minLevelDb: -55, maxSpeechMs: 30000, stationaryDb: 3, stationaryMs: 1500, onsetSpreadDb: 2 };
  const apply = (options: EnergyDetectorOptions): void => {
    for (const key of Object.keys(settings) as Array<keyof typeof settings>) {
      const value = options[key];
      if (typeof value === 'number' && Number.isFinite(value)) settings[key] = value;
    }
  };
  apply(initial);

  // Speech begins abruptly; a level that creeps up (an automatic gain control raising its gain) is not an onset.
  const riseWindowFrames = 5;
  const quietLevels: number[] = [];
  const pushQuiet = (level: number): void => {
    quietLevels.push(level);
    if (quietLevels.length > riseWindowFrames) quietLevels.shift();
  };
  const digitalSilenceDb = -90;
  // Before it has heard the room, the floor assumes a quiet one, so a first sound that is a voice is still heard;
  // but nothing is an onset until it has heard the room this long (a capture often starts abruptly, in noise).
  const quietRoomDb = -60;
  const warmUpMs = 300;
  let heardMs = 0;
  // A frame with a level this far under an onset's start ends a candidate onset; a short dip (a consonant) does not.
  const onsetGapMs = 120;
  let now = 0;
  let floor: number | null = null;
  let phase: 'quiet' | 'onset' | 'speech' = 'quiet';
  let startedAt = 0;
  let voicedMs = 0;
  let gapMs = 0;
  let lastVoicedAt = 0;
  // The levels of the utterance's most recent frames, to tell steady noise from speech.
  let recent: number[] = [];
  // The range of levels since the onset frame (which is often partial), to tell a voice from noise switched on.
  let onsetLow = Infinity;
  let onsetHigh = -Infinity;

  const isStationary = (level: number, frameMs: number): boolean => {
    recent.push(level);
    if (recent.length * frameMs > settings.stationaryMs) recent.shift();
    if (recent.length * frameMs < settings.stationaryMs) return false;
    return Math.max(...recent) - Math.min(...recent) < settings.stationaryDb;
  };

  const learnFloor = (level: number): void => {
    if (floor === null) floor = level;
    // Falls fast (a quieter room is believed at once), rises slower (~0.4 s at 20 ms frames) so an onset does not teach it.
    else floor += (level - floor) * (level < floor ? 0.3 : 0.05);
  };

  return {
    push(rms, frameMs) {
      const level = 20 * Math.log10(Math.max(rms, 1e-6));
      now += frameMs;
      // Digital silence is no room at all (a file's padding, a capture dropout on a loaded machine): it teaches
      // the floor nothing, but a voice rising out of it is still an abrupt onset.
      const dropout = level < digitalSilenceDb;
      if (floor === null) {
        if (dropout) {
          pushQuiet(digitalSilenceDb);
          return null;
        }
        floor = Math.min(level, quietRoomDb);
      }
      if (!dropout) heardMs += frameMs;
      const startLevel = Math.max(floor + settings.startDb, settings.minLevelDb);
      const keepLevel = Math.max(floor + settings.keepDb, settings.minLevelDb);
      const voiced = level >= keepLevel;

      if (phase === 'quiet') {
        const lowest = quietLevels.length > 0 ? Math.min(...quietLevels) : level;
        pushQuiet(dropout ? digitalSilenceDb : level);
        if (dropout) return null;
        learnFloor(level);
        if (heardMs < warmUpMs) return null;
        if (level < startLevel || level - lowest < settings.startDb / 2) return null;
        quietLevels.length = 0;
        phase = 'onset';
        startedAt = now - frameMs;
        voicedMs = frameMs;
        gapMs = 0;
        lastVoicedAt = now;
        recent = [level];
        onsetLow = Infinity;
        onsetHigh = -Infinity;
        if (settings.minSpeechMs > frameMs) return { type: 'onset', atMs: startedAt };
        phase = 'speech';
        return { type: 'speech-start', atMs: startedAt };
      }

      if (voiced) {
        voicedMs += frameMs;
        gapMs = 0;
        lastVoicedAt = now;
      } else {
        gapMs += frameMs;
      }

      if (phase === 'onset') {
        if (gapMs >= onsetGapMs) {
          phase = 'quiet';
          return { type: 'misfire', atMs: now };
        }
        onsetLow = Math.min(onsetLow, level);
        onsetHigh = Math.max(onsetHigh, level);
        const steady = onsetHigh - onsetLow < settings.onsetSpreadDb;
        if (steady && now - startedAt >= settings.stationaryMs) {
          phase = 'quiet';
          floor = level;
          return { type: 'misfire', atMs: now };
        }
        // Promoted on a voiced frame only: the fall of a steady sound that stops is no syllable.
        if (voiced && !steady && voicedMs >= settings.minSpeechMs) {
          phase = 'speech';
          return { type: 'speech-start', atMs: startedAt };
        }
        return null;
      }

      const noise = isStationary(level, frameMs);
      if (gapMs >= settings.silenceMs || noise || now - startedAt >= settings.maxSpeechMs) {
        phase = 'quiet';
        if (gapMs < settings.silenceMs) floor = level;
        return { type: 'speech-end', startMs: startedAt, endMs: lastVoicedAt, durationMs: lastVoicedAt - startedAt };
      }
      return null;
    },
    update: apply,
    floorDb: () => floor ?? -120,
    active: () => phase !== 'quiet',
  };
}
