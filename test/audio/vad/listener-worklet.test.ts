import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../emulator/avatar/prng.js';
import { LISTENER_PROCESSOR_NAME, LISTENER_WORKLET_SOURCE } from '../../../src/audio/vad/listener-worklet.js';

const SAMPLE_RATE = 48_000;
const QUANTUM = 128;

interface Posted {
  type: string;
  samples?: Float32Array;
  event?: { type: string };
}

/** Runs the worklet's source in a fresh context that stands in for AudioWorkletGlobalScope. */
function loadProcessor(processorOptions: object = {}) {
  const posted: Posted[] = [];
  let Processor: new (options: object) => { process(inputs: Float32Array[][]): boolean; port: { onmessage: ((e: { data: unknown }) => void) | null } };
  class AudioWorkletProcessor {
    port = { onmessage: null as ((e: { data: unknown }) => void) | null, postMessage: (message: Posted) => posted.push(message) };
  }
  runInNewContext(LISTENER_WORKLET_SOURCE, {
    AudioWorkletProcessor,
    sampleRate: SAMPLE_RATE,
    registerProcessor: (name: string, ctor: typeof Processor) => {
      expect(name).toBe(LISTENER_PROCESSOR_NAME);
      Processor = ctor;
    },
  });
  const processor = new Processor!({ processorOptions });
  const feed = (samples: Float32Array): void => {
    for (let i = 0; i + QUANTUM <= samples.length; i += QUANTUM) processor.process([[samples.subarray(i, i + QUANTUM)]]);
  };
  return { processor, posted, feed };
}

function noise(seconds: number, amplitude: number, seed = 3): Float32Array {
  const random = createPrng(seed);
  const out = new Float32Array(Math.round(SAMPLE_RATE * seconds));
  for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * amplitude;
  return out;
}

/** A voice-like burst: a 220 Hz tone whose loudness rises and falls 5 times a second, like syllables. */
function voice(seconds: number, amplitude = 0.3): Float32Array {
  const out = new Float32Array(Math.round(SAMPLE_RATE * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / SAMPLE_RATE;
    out[i] = amplitude * (0.6 + 0.4 * Math.sin(2 * Math.PI * 5 * t)) * Math.sin(2 * Math.PI * 220 * t);
  }
  return out;
}

const vadEvents = (posted: Posted[]): string[] => posted.filter((m) => m.type === 'vad').map((m) => m.event!.type);
const capturedSamples = (posted: Posted[]): number => posted.filter((m) => m.type === 'audio').reduce((n, m) => n + m.samples!.length, 0);

describe('the listener worklet', () => {
  it('posts the utterance with its pre-roll, then speech-start and speech-end', () => {
    const { posted, feed } = loadProcessor({ preRollMs: 300, detector: { silenceMs: 600 } });
    feed(noise(1, 0.001));
    feed(voice(1.2));
    feed(noise(1, 0.001, 9));
    expect(vadEvents(posted)).toEqual(['onset', 'speech-start', 'speech-end']);
    const captured = capturedSamples(posted) / SAMPLE_RATE;
    // 0.3 s pre-roll + 1.2 s voice + the 0.6 s hangover, to a frame or two.
    expect(captured).toBeGreaterThan(2.0);
    expect(captured).toBeLessThan(2.2);
    expect(posted.some((m) => m.type === 'level')).toBe(true);
  });

  it('low white noise starts nothing and captures nothing', () => {
    const { posted, feed } = loadProcessor();
    feed(noise(6, 0.01));
    expect(vadEvents(posted)).toEqual([]);
    expect(capturedSamples(posted)).toBe(0);
  });

  it('mixes several input channels to mono', () => {
    const { processor, posted } = loadProcessor({ detector: { silenceMs: 300 } });
    const quiet = noise(1, 0.001);
    const loud = voice(1);
    const feedStereo = (left: Float32Array, right: Float32Array): void => {
      for (let i = 0; i + QUANTUM <= left.length; i += QUANTUM) processor.process([[left.subarray(i, i + QUANTUM), right.subarray(i, i + QUANTUM)]]);
    };
    feedStereo(quiet, quiet);
    feedStereo(loud, loud.map((x) => -x));
    // Opposite channels cancel: the mono mix is silence.
    expect(vadEvents(posted)).toEqual([]);
    feedStereo(loud, loud);
    expect(vadEvents(posted)).toContain('speech-start');
  });

  it('takes stricter settings while running and stops processing on stop', () => {
    const { processor, posted, feed } = loadProcessor();
    feed(noise(1, 0.001));
    processor.port.onmessage!({ data: { type: 'update', detector: { minSpeechMs: 2000 } } });
    feed(voice(0.5));
    feed(noise(1, 0.001, 5));
    expect(vadEvents(posted)).toEqual(['onset', 'misfire']);
    processor.port.onmessage!({ data: { type: 'stop' } });
    expect(processor.process([[new Float32Array(QUANTUM)]])).toBe(false);
  });
});
