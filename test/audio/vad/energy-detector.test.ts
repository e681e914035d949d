import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../emulator/avatar/prng.js';
import { createEnergyDetector } from '../../../src/audio/vad/energy-detector.js';
import type { EnergyDetectorEvent, EnergyDetectorOptions } from '../../../src/audio/vad/energy-detector.js';

const FRAME_MS = 20;
const dbToRms = (db: number): number => 10 ** (db / 20);

/** A level script: [dBFS, ms] segments, fed frame by frame; answers every event with its time. */
function run(script: Array<[number, number]>, options?: EnergyDetectorOptions, jitterDb = 0): EnergyDetectorEvent[] {
  const detector = createEnergyDetector(options);
  const random = createPrng(7);
  const events: EnergyDetectorEvent[] = [];
  for (const [db, ms] of script) {
    for (let t = 0; t < ms; t += FRAME_MS) {
      const event = detector.push(dbToRms(db + (random() - 0.5) * 2 * jitterDb), FRAME_MS);
      if (event) events.push(event);
    }
  }
  return events;
}

/** Speech as a level script: syllables of 120 ms at -30 dB with 80 ms dips to -42 dB. */
function speech(ms: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = 0; t < ms; t += 200) out.push([-30, 120], [-42, 80]);
  return out;
}

const types = (events: EnergyDetectorEvent[]): string[] => events.map((e) => e.type);

describe('createEnergyDetector', () => {
  it('hears one utterance over a quiet room: onset, speech-start, then speech-end after the silence', () => {
    const events = run([[-70, 1000], ...speech(1600), [-70, 1000]]);
    expect(types(events)).toEqual(['onset', 'speech-start', 'speech-end']);
    const end = events[2] as Extract<EnergyDetectorEvent, { type: 'speech-end' }>;
    expect(end.startMs).toBe(1000);
    expect(end.durationMs).toBe(1600);
  });

  it('ends an utterance only after silenceMs: a pause shorter than it keeps one utterance', () => {
    expect(types(run([[-70, 1000], ...speech(800), [-70, 500], ...speech(800), [-70, 1000]], { silenceMs: 700 }))).toEqual(['onset', 'speech-start', 'speech-end']);
    expect(types(run([[-70, 1000], ...speech(800), [-70, 900], ...speech(800), [-70, 1000]], { silenceMs: 700 }))).toEqual([
      'onset', 'speech-start', 'speech-end', 'onset', 'speech-start', 'speech-end',
    ]);
  });

  it('reports speech-end exactly silenceMs after the last voiced frame', () => {
    const detector = createEnergyDetector({ silenceMs: 500 });
    let t = 0;
    let endAt = -1;
    const feed = (db: number, ms: number): void => {
      for (let i = 0; i < ms; i += FRAME_MS) {
        t += FRAME_MS;
        if (detector.push(dbToRms(db), FRAME_MS)?.type === 'speech-end') endAt = t;
      }
    };
    feed(-70, 400);
    for (const [db, ms] of speech(600)) feed(db, ms);
    feed(-70, 1000);
    expect(endAt).toBe(400 + 600 + 500);
  });

  it('calls a blip shorter than minSpeechMs a misfire, never speech', () => {
    expect(types(run([[-70, 1000], [-30, 100], [-70, 1000]], { minSpeechMs: 200 }))).toEqual(['onset', 'misfire']);
  });

  it('keeps speech through the dips between syllables (hysteresis: keep level below start level)', () => {
    // -46 dB is under the start level (floor -70 + 12 is -58… clamped to -55) but the script alternates loud and mid levels.
    const syllables: Array<[number, number]> = [];
    for (let i = 0; i < 10; i++) syllables.push([-30, 120], [-60, 80]);
    expect(types(run([[-70, 1000], ...syllables, [-75, 1000]], { keepDb: 6, minLevelDb: -65 }))).toEqual(['onset', 'speech-start', 'speech-end']);
  });

  it('learns a steady noise floor: constant low noise never starts speech', () => {
    expect(run([[-50, 10_000]], {}, 1.5)).toEqual([]);
  });

  it('adapts when the room gets noisier, then still hears a voice above the new floor', () => {
    const events = run([[-75, 1000], [-52, 8000], ...speech(1000).map(([db, ms]): [number, number] => [db + 10, ms]), [-52, 2000]], {}, 1);
    // The step up to -52 dB may look like an onset, but once the floor has learnt it only the voice counts.
    const starts = events.filter((e) => e.type === 'speech-start') as Array<Extract<EnergyDetectorEvent, { type: 'speech-start' }>>;
    expect(starts.at(-1)!.atMs).toBeGreaterThanOrEqual(9000);
    expect(events.at(-1)!.type).toBe('speech-end');
  });

  it('does not take a level that creeps up (an automatic gain control ramping) for speech', () => {
    const ramp: Array<[number, number]> = [];
    for (let db = -50; db <= -30; db += 0.25) ramp.push([db, 20]);
    expect(run([[-50, 1000], ...ramp, [-30, 2000]], {}, 0.5)).toEqual([]);
    // …but a voice over the ramped-up level is still heard.
    expect(types(run([[-50, 1000], ...ramp, [-30, 2000], ...speech(1000).map(([db, ms]): [number, number] => [db + 20, ms]), [-30, 1000]], {}, 0.5))).toEqual([
      'onset', 'speech-start', 'speech-end',
    ]);
  });

  it('capture dropouts (frames of digital silence) in steady noise start nothing', () => {
    const script: Array<[number, number]> = [[-45, 2000]];
    for (let i = 0; i < 10; i++) script.push([-120, 40], [-45, 700]);
    expect(run(script, {}, 1)).toEqual([]);
  });

  it('hears a voice that rises out of digital silence (a padded file) within its first syllables', () => {
    const events = run([[-120, 1500], ...speech(1000), [-120, 1000]]);
    expect(types(events)).toEqual(['onset', 'speech-start', 'speech-end']);
    expect((events[0] as { atMs: number }).atMs).toBeGreaterThanOrEqual(1500);
    expect((events[0] as { atMs: number }).atMs).toBeLessThan(1500 + 500);
  });

  it('noise that starts abruptly out of digital silence (a capture starting) is learnt, not heard', () => {
    expect(run([[-120, 200], [-40, 300], [-47, 6000]], {}, 1)).toEqual([]);
  });

  it('never hears anything under minLevelDb, however quiet the room', () => {
    expect(run([[-110, 1000], [-60, 1000], [-110, 1000]], { minLevelDb: -55 })).toEqual([]);
  });

  it('is stricter after update(): a 250 ms utterance counts at minSpeechMs 200 but not at 400', () => {
    const detector = createEnergyDetector({ minSpeechMs: 200 });
    const feed = (db: number, ms: number): string[] => {
      const out: string[] = [];
      for (let t = 0; t < ms; t += FRAME_MS) {
        const event = detector.push(dbToRms(db), FRAME_MS);
        if (event) out.push(event.type);
      }
      return out;
    };
    // 260 ms of a voice: it rises and falls within its frames.
    const utterance = (): string[] => [-30, -27, -33, -28, -31, -26, -30, -34, -29, -27, -32, -28, -30].flatMap((db) => feed(db, FRAME_MS));
    feed(-70, 1000);
    expect(utterance().concat(feed(-70, 1000))).toEqual(['onset', 'speech-start', 'speech-end']);
    detector.update({ minSpeechMs: 400 });
    expect(utterance().concat(feed(-70, 1000))).toEqual(['onset', 'misfire']);
  });

  it('ends an utterance that lasts longer than maxSpeechMs and re-learns the floor', () => {
    const events = run([[-70, 1000], ...speech(5000), ...speech(3000)], { maxSpeechMs: 4000 });
    expect(types(events).slice(0, 3)).toEqual(['onset', 'speech-start', 'speech-end']);
    expect(types(events)).not.toContain('misfire');
  });

  it('a steady sound that begins abruptly (a fan switched on) is never a speech start: a misfire after stationaryMs, learnt as the floor', () => {
    const events = run([[-75, 1000], [-40, 6000], ...speech(1000).map(([db, ms]): [number, number] => [db + 15, ms]), [-75, 1000]], {}, 0.5);
    expect(types(events)).toEqual(['onset', 'misfire', 'onset', 'speech-start', 'speech-end']);
    expect((events[1] as { atMs: number }).atMs).toBe(1000 + 1500);
  });

  it('white noise switched on after digital silence is no speech either; a voice over it still is', () => {
    const events = run([[-120, 2000], [-70, 1000], [-120, 2000], [-45, 4000], ...speech(1200).map(([db, ms]): [number, number] => [db + 5, ms]), [-45, 2000]], {}, 0.3);
    expect(types(events)).toEqual(['onset', 'misfire', 'onset', 'speech-start', 'speech-end']);
  });

  it('a steady tone that stops before stationaryMs is a misfire, not speech', () => {
    expect(types(run([[-70, 1000], [-30, 600], [-70, 1000]]))).toEqual(['onset', 'misfire']);
  });

  it('is self-contained, so its source runs inside the AudioWorklet', () => {
    const rebuilt = new Function(`return (${createEnergyDetector.toString()})`)() as typeof createEnergyDetector;
    const detector = rebuilt({ minSpeechMs: 40 });
    const out: string[] = [];
    for (const db of [...Array<number>(20).fill(-70), -30, -26, -31]) {
      const event = detector.push(dbToRms(db), FRAME_MS);
      if (event) out.push(event.type);
    }
    expect(out).toEqual(['onset', 'speech-start']);
  });
});
