import { afterEach, describe, expect, it, vi } from 'vitest';
import { PcmBlockCollector, rootMeanSquare } from '../../src/audio/pcm-collector.js';
import { RECORDER_PROCESSOR_NAME, RECORDER_WORKLET_SOURCE } from '../../src/audio/recorder-worklet.js';
import { decodeWav } from '../../src/audio/wav.js';
import { createWavRecorder, WavRecorder } from '../../src/audio/wav-recorder.js';
import { frequencyByZeroCrossings, sine } from './signals.js';

describe('PcmBlockCollector', () => {
  it('joins the blocks in order once, then starts empty', () => {
    const collector = new PcmBlockCollector();
    collector.push(new Float32Array([1, 2]));
    collector.push(new Float32Array(0));
    collector.push(new Float32Array([3]));
    expect(collector.length).toBe(3);
    expect(Array.from(collector.take())).toEqual([1, 2, 3]);
    expect(collector.length).toBe(0);
    expect(collector.take()).toHaveLength(0);
  });

  it('measures RMS', () => {
    expect(rootMeanSquare(new Float32Array(0))).toBe(0);
    expect(rootMeanSquare(new Float32Array([0.5, -0.5]))).toBeCloseTo(0.5);
    expect(rootMeanSquare(sine(1000, 48000, 0.1, 1))).toBeCloseTo(Math.SQRT1_2, 3);
  });
});

type Posted = { type: string; samples?: Float32Array; rms?: number };

/** Evaluates the worklet source against a minimal AudioWorkletGlobalScope. */
function loadProcessor() {
  const registered = new Map<string, new (options: unknown) => { process(inputs: Float32Array[][]): boolean; port: { onmessage: ((e: { data: unknown }) => void) | null } }>();
  const posted: Posted[] = [];
  class AudioWorkletProcessor {
    port = { onmessage: null as ((e: { data: unknown }) => void) | null, postMessage: (message: Posted) => posted.push(message) };
  }
  const registerProcessor = (name: string, processor: never) => {
    if (registered.has(name)) throw new Error('NotSupportedError: already registered');
    registered.set(name, processor);
  };
  const evaluate = () => new Function('AudioWorkletProcessor', 'registerProcessor', RECORDER_WORKLET_SOURCE)(AudioWorkletProcessor, registerProcessor);
  evaluate();
  expect(evaluate).not.toThrow();
  return { Processor: registered.get(RECORDER_PROCESSOR_NAME)!, posted };
}

describe('recorder worklet source', () => {
  it('mixes to mono, posts full blocks with their RMS, flushes the partial block and stops', () => {
    const { Processor, posted } = loadProcessor();
    const processor = new Processor({ processorOptions: { blockSize: 256 } });
    const frame = (value: number) => [[new Float32Array(128).fill(value), new Float32Array(128).fill(value / 2)]];
    expect(processor.process(frame(0.4))).toBe(true);
    expect(posted).toHaveLength(0);
    processor.process(frame(0.4));
    processor.process(frame(0.2));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.samples).toHaveLength(256);
    expect(posted[0]!.samples![0]).toBeCloseTo(0.3);
    expect(posted[0]!.rms).toBeCloseTo(0.3);
    processor.port.onmessage!({ data: 'flush' });
    expect(posted.slice(1).map((m) => m.type)).toEqual(['samples', 'flushed']);
    expect(posted[1]!.samples).toHaveLength(128);
    expect(posted[1]!.samples![0]).toBeCloseTo(0.15);
    expect(processor.process([[]])).toBe(true);
    processor.port.onmessage!({ data: 'stop' });
    expect(processor.process(frame(0.1))).toBe(false);
  });

  it('interleaves the requested channels, repeating the last input channel for a mono input', () => {
    const { Processor, posted } = loadProcessor();
    const processor = new Processor({ processorOptions: { blockSize: 8, channels: 2 } });
    processor.process([[new Float32Array([0.1, 0.2]), new Float32Array([-0.1, -0.2])]]);
    processor.process([[new Float32Array([0.3, 0.4])]]);
    expect(Array.from(posted[0]!.samples!)).toEqual([0.1, -0.1, 0.2, -0.2, 0.3, 0.3, 0.4, 0.4].map(Math.fround));
  });
});

/** A fake Web Audio graph; the test plays the worklet's side through `node.deliver`. */
function fakeAudio(sampleRate: number) {
  const calls: string[] = [];
  const nodes: FakeWorkletNode[] = [];
  class FakeWorkletNode {
    readonly port = {
      onmessage: null as ((event: { data: unknown }) => void) | null,
      postMessage: (message: unknown) => {
        calls.push(`port:${String(message)}`);
        if (message === 'flush') {
          queueMicrotask(() => {
            this.deliver(new Float32Array([0.5, 0.5]));
            this.port.onmessage?.({ data: { type: 'flushed' } });
          });
        }
      },
    };
    constructor(_context: unknown, name: string) {
      calls.push(`node:${name}`);
      nodes.push(this);
    }
    deliver(samples: Float32Array): void {
      this.port.onmessage?.({ data: { type: 'samples', samples, rms: rootMeanSquare(samples) } });
    }
    connect(): void {
      calls.push('node.connect');
    }
    disconnect(): void {
      calls.push('node.disconnect');
    }
  }
  const context = {
    sampleRate,
    state: 'running',
    destination: {},
    audioWorklet: {
      addModule: async (url: string) => {
        calls.push(`addModule:${url.slice(0, 5)}`);
      },
    },
    createMediaStreamSource: () => ({ connect: () => calls.push('source.connect'), disconnect: () => calls.push('source.disconnect') }),
    createGain: () => ({ gain: { value: 1 }, connect: () => calls.push('gain.connect'), disconnect: () => calls.push('gain.disconnect') }),
    close: async () => {
      calls.push('context.close');
    },
  };
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] };
  vi.stubGlobal('AudioWorkletNode', FakeWorkletNode);
  return { calls, nodes, context, stream, track };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('WavRecorder', () => {
  it('imports and constructs in Node, and explains that recording needs a browser', async () => {
    const recorder = createWavRecorder();
    expect(recorder).toBeInstanceOf(WavRecorder);
    expect(recorder.isRecording()).toBe(false);
    await expect(recorder.start()).rejects.toMatchObject({ name: 'NotSupportedError' });
    expect(recorder.isRecording()).toBe(false);
    await expect(recorder.stop()).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(() => createWavRecorder({ targetSampleRate: 0 })).toThrow(/targetSampleRate/);
  });

  it('records the worklet blocks into a 16 kHz WAV file and releases the graph, leaving a given stream running', async () => {
    const audio = fakeAudio(48000);
    const levels: number[] = [];
    const recorder = new WavRecorder({
      audioContext: audio.context as unknown as AudioContext,
      mediaStream: audio.stream as unknown as MediaStream,
      onLevel: (rms) => levels.push(rms),
      targetSampleRate: 16000,
    });
    await recorder.start();
    expect(recorder.isRecording()).toBe(true);
    expect(audio.calls).toContain('addModule:blob:');
    expect(audio.calls).toContain(`node:${RECORDER_PROCESSOR_NAME}`);
    const tone = sine(1000, 48000, 0.3);
    for (let i = 0; i < tone.length; i += 1024) audio.nodes[0]!.deliver(tone.subarray(i, i + 1024));
    const file = await recorder.stop();
    expect(recorder.isRecording()).toBe(false);
    expect(file.name).toBe('recording.wav');
    expect(file.type).toBe('audio/wav');
    const wav = decodeWav(new Uint8Array(await file.arrayBuffer()));
    expect(wav.sampleRate).toBe(16000);
    expect(wav.samples[0]!.length).toBe(Math.round(((tone.length + 2) * 16000) / 48000));
    expect(frequencyByZeroCrossings(wav.samples[0]!, 16000)).toBeCloseTo(1000, 0);
    expect(levels.length).toBeGreaterThan(10);
    expect(levels[1]).toBeCloseTo(0.5 * Math.SQRT1_2, 2);
    expect(audio.calls).toEqual(expect.arrayContaining(['port:flush', 'port:stop', 'node.disconnect', 'source.disconnect', 'gain.disconnect']));
    expect(audio.calls).not.toContain('context.close');
    expect(audio.track.stop).not.toHaveBeenCalled();
  });

  it('opens and releases its own microphone stream, and cancel drops the recording', async () => {
    const audio = fakeAudio(44100);
    const getUserMedia = vi.fn(async () => audio.stream);
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } });
    const recorder = new WavRecorder({ audioContext: audio.context as unknown as AudioContext, targetSampleRate: 8000 });
    await recorder.start();
    expect(getUserMedia).toHaveBeenCalledWith({ audio: expect.objectContaining({ channelCount: 1 }) });
    recorder.cancel();
    expect(recorder.isRecording()).toBe(false);
    expect(audio.track.stop).toHaveBeenCalledTimes(1);
    await expect(recorder.stop()).rejects.toMatchObject({ name: 'InvalidStateError' });

    await recorder.start();
    audio.nodes[1]!.deliver(new Float32Array(441).fill(0.1));
    const wav = decodeWav(new Uint8Array(await (await recorder.stop()).arrayBuffer()));
    expect(wav.sampleRate).toBe(8000);
    expect(wav.samples[0]!.length).toBe(Math.round((443 * 8000) / 44100));
    expect(audio.track.stop).toHaveBeenCalledTimes(2);
  });

  it("keeps the device's rate unless targetSampleRate differs, and writes the requested channels", async () => {
    const audio = fakeAudio(44100);
    const getUserMedia = vi.fn(async () => audio.stream);
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } });
    const mono = new WavRecorder({ audioContext: audio.context as unknown as AudioContext });
    await mono.start();
    audio.nodes[0]!.deliver(new Float32Array(100).fill(0.25));
    const monoWav = decodeWav(new Uint8Array(await (await mono.stop()).arrayBuffer()));
    expect(monoWav.sampleRate).toBe(44100);
    expect(monoWav.samples[0]!.length).toBe(102);

    const stereo = new WavRecorder({ audioContext: audio.context as unknown as AudioContext, channels: 2, targetSampleRate: 22050 });
    await stereo.start();
    expect(getUserMedia).toHaveBeenLastCalledWith({ audio: expect.objectContaining({ channelCount: 2 }) });
    audio.nodes[1]!.deliver(new Float32Array(880).map((_, i) => (i % 2 === 0 ? 0.5 : -0.5)));
    const stereoWav = decodeWav(new Uint8Array(await (await stereo.stop()).arrayBuffer()));
    expect(stereoWav.sampleRate).toBe(22050);
    expect(stereoWav.samples).toHaveLength(2);
    expect(stereoWav.samples[0]![200]).toBeCloseTo(0.5, 1);
    expect(stereoWav.samples[1]![200]).toBeCloseTo(-0.5, 1);
    expect(() => new WavRecorder({ channels: 0 })).toThrow(/channels/);
  });

  it('releases the microphone when starting fails, and rejects a cancelled start', async () => {
    const audio = fakeAudio(48000);
    const failing = { ...audio.context, audioWorklet: { addModule: async () => Promise.reject(new Error('CSP blocked blob:')) } };
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => audio.stream } });
    const recorder = new WavRecorder({ audioContext: failing as unknown as AudioContext });
    await expect(recorder.start()).rejects.toThrow('CSP blocked blob:');
    expect(audio.track.stop).toHaveBeenCalledTimes(1);
    expect(recorder.isRecording()).toBe(false);

    const other = new WavRecorder({ audioContext: audio.context as unknown as AudioContext });
    const starting = other.start();
    other.cancel();
    await expect(starting).rejects.toMatchObject({ name: 'AbortError' });
    expect(audio.track.stop).toHaveBeenCalledTimes(2);
    expect(other.isRecording()).toBe(false);
  });
});
