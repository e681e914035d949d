import { performance } from 'node:perf_hooks';
import { LlmProcessor } from '../../src/llm/llm-processor.js';
import { LlmStreamDecoder, readLlmStream } from '../../src/llm/sse-parser.js';
import { runBenchmark } from '../lib/main.js';
import { pairedRatios } from '../lib/stats.js';
import { atLeast, atMost, rateFigure, seriesFigure, type Figure } from '../lib/result.js';
import { pulledStream, splitIntoReads, syntheticLlmStream, type SyntheticStream } from '../lib/synthetic-sse.js';

const MB = 1_000_000;
const streamSizes = [1 * MB, 10 * MB] as const;
const readSizes = [64, 1024, 16 * 1024] as const;
/**
 * The cumulative-chunk contract (every `message` chunk carries all pieces so
 * far) must stay linear: the `scales` methods also run at these sizes, in
 * network-sized reads, and report ms per MB at each.
 */
const scalingSizes = [1 * MB, 2 * MB, 5 * MB, 10 * MB] as const;
const scalingReadSizes = [1024, 16 * 1024] as const;
const readLabel = (readSize: number): string => (readSize >= 1024 ? `${readSize / 1024} KiB` : `${readSize} B`);

interface Method {
  name: string;
  /** Whether the SDK's throughput targets apply (the baselines only explain them). */
  targeted: boolean;
  /** Also measured at every `scalingSizes` (ms per MB from 1 to 10 MB). */
  scales?: boolean;
  /** Consumes the whole stream; answers the number of events it decoded, or null when it decodes none. */
  consume(reads: readonly Uint8Array[], corpus: SyntheticStream): Promise<number | null>;
}

const methods: Method[] = [
  {
    name: 'ReadableStream alone',
    targeted: false,
    async consume(reads) {
      const reader = pulledStream(reads).getReader();
      let count = 0;
      for (let read = await reader.read(); !read.done; read = await reader.read()) count += 1;
      if (count !== reads.length) throw new Error(`the stream gave ${count} reads of ${reads.length}`);
      return null;
    },
  },
  {
    name: 'LlmStreamDecoder.push',
    targeted: false,
    async consume(reads) {
      const decoder = new LlmStreamDecoder();
      let events = 0;
      for (const read of reads) events += decoder.push(read).length;
      return events + decoder.end().length;
    },
  },
  {
    name: 'readLlmStream',
    targeted: true,
    async consume(reads) {
      let events = 0;
      for await (const batch of readLlmStream(pulledStream(reads))) events += batch.length;
      return events;
    },
  },
  {
    name: 'LlmProcessor.processLLM',
    targeted: true,
    scales: true,
    async consume(reads, corpus) {
      const processor = new LlmProcessor({ sessionId: 'bench', openStream: async () => pulledStream(reads) });
      let pieces = 0;
      for await (const chunk of processor.processLLM({ message: 'Tell me everything.' })) {
        if (chunk.type === 'error') throw chunk.error;
        if (chunk.type !== 'message' || !chunk.finish) continue;
        // The finish chunk carries every piece of the message (cumulative chunks, API-NOTES.md).
        pieces += chunk.chunks.length;
        if (chunk.message.length !== corpus.textLength) {
          throw new Error(`processLLM finished with ${chunk.message.length} characters of ${corpus.textLength}`);
        }
      }
      return pieces;
    },
  },
  {
    // The published app pattern: show the pieces past those already shown on every chunk.
    name: 'processLLM, app slices chunk.chunks',
    targeted: true,
    scales: true,
    async consume(reads, corpus) {
      const processor = new LlmProcessor({ sessionId: 'bench', openStream: async () => pulledStream(reads) });
      let shown = 0;
      let shownLength = 0;
      for await (const chunk of processor.processLLM({ message: 'Tell me everything.' })) {
        if (chunk.type === 'error') throw chunk.error;
        if (chunk.type !== 'message') continue;
        for (const piece of chunk.chunks.slice(shown)) shownLength += piece.length;
        shown = chunk.chunks.length;
      }
      if (shownLength !== corpus.textLength) throw new Error(`the app showed ${shownLength} characters of ${corpus.textLength}`);
      return shown;
    },
  },
];

function append(series: Map<string, number[]>, key: string, value: number): void {
  series.set(key, [...(series.get(key) ?? []), value]);
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

await runBenchmark({
  name: 'sse-throughput',
  title: 'LLM stream decoding: 1 MB and 10 MB synthetic streams in 64 B, 1 KiB and 16 KiB reads; processLLM at 1, 2, 5 and 10 MB',
  async run(context) {
    const repetitions = context.reps(7, 3);
    const allSizes = [...new Set<number>([...streamSizes, ...scalingSizes])];
    const corpora = new Map(allSizes.map((size) => [size, syntheticLlmStream(size)]));
    const reads = new Map(
      allSizes.flatMap((size) => readSizes.map((readSize) => [`${size}/${readSize}`, splitIntoReads(corpora.get(size)!.bytes, readSize)] as const)),
    );
    const sizesFor = (method: Method, readSize: number): readonly number[] =>
      method.scales && (scalingReadSizes as readonly number[]).includes(readSize) ? scalingSizes : streamSizes;
    /** seconds[method][readSize][streamSize] = one time per repetition */
    const seconds = new Map<string, number[]>();
    /** The same runs in CPU time of this process: what other processes on a busy machine cannot inflate. */
    const cpuSeconds = new Map<string, number[]>();
    const key = (method: string, readSize: number, size: number): string => `${method}|${readSize}|${size}`;

    // The first pass warms the JIT and is discarded; then each repetition
    // times every combination once, so slow phases of the machine hit all alike.
    for (let repetition = -1; repetition < repetitions; repetition += 1) {
      for (const readSize of readSizes) {
        for (const method of methods) {
          for (const size of sizesFor(method, readSize)) {
            const corpus = corpora.get(size)!;
            const chunks = reads.get(`${size}/${readSize}`)!;
            collectGarbage();
            const cpuBefore = process.cpuUsage();
            const started = performance.now();
            const events = await method.consume(chunks, corpus);
            const elapsedS = (performance.now() - started) / 1000;
            const cpu = process.cpuUsage(cpuBefore);
            if (events !== null && events !== corpus.events) {
              throw new Error(`${method.name} decoded ${events} events of ${corpus.events} (${readLabel(readSize)} reads)`);
            }
            if (repetition >= 0) {
              append(seconds, key(method.name, readSize, size), elapsedS);
              append(cpuSeconds, key(method.name, readSize, size), (cpu.user + cpu.system) / 1e6);
            }
          }
        }
      }
      if (repetition >= 0) context.log(`repetition ${repetition + 1}/${repetitions}`);
    }

    const large = streamSizes[1];
    const small = streamSizes[0];
    const figures: Figure[] = [];
    for (const method of methods) {
      for (const readSize of readSizes) {
        const times = seconds.get(key(method.name, readSize, large))!;
        const target = method.targeted && readSize === 16 * 1024 ? { target: atLeast(50) } : {};
        figures.push(rateFigure(`${method.name}:${readSize}:MBps`, `${method.name}, ${readLabel(readSize)} reads, 10 MB`, 'MB/s', large / MB, times, target));
        if (!method.targeted) continue;
        figures.push(rateFigure(`${method.name}:${readSize}:cpuMBps`, `${method.name}, ${readLabel(readSize)} reads, 10 MB, per CPU second`, 'MB/s', large / MB, cpuSeconds.get(key(method.name, readSize, large))!, { detail: true }));
        figures.push(rateFigure(`${method.name}:${readSize}:events`, `${method.name}, ${readLabel(readSize)} reads, 10 MB`, 'events/s', corpora.get(large)!.events, times));
        figures.push(seriesFigure(
          `${method.name}:${readSize}:linearity`,
          `${method.name}, ${readLabel(readSize)} reads: time 10 MB / time 1 MB`,
          'ratio',
          pairedRatios(times, seconds.get(key(method.name, readSize, small))!),
          { target: atMost(11) },
        ));
      }
      if (method.targeted) {
        figures.push(seriesFigure(
          `${method.name}:smallReadPenalty`,
          `${method.name}: time at 64 B reads / time at 16 KiB reads, 10 MB`,
          'ratio',
          pairedRatios(seconds.get(key(method.name, 64, large))!, seconds.get(key(method.name, 16 * 1024, large))!),
          { target: atMost(2), note: 'throughput at 64 B within 2x of 16 KiB' },
        ));
      }
    }
    for (const method of methods.filter((candidate) => candidate.scales)) {
      for (const readSize of scalingReadSizes) {
        const msPerMB = (size: number): number[] => seconds.get(key(method.name, readSize, size))!.map((time) => (time * 1000) / (size / MB));
        for (const size of scalingSizes) {
          figures.push(seriesFigure(`${method.name}:${readSize}:msPerMB:${size / MB}MB`, `${method.name}, ${readLabel(readSize)} reads, ${size / MB} MB`, 'ms/MB', msPerMB(size)));
        }
        // Linear means the same cost per MB at 10 MB as at 1 MB: a ratio near 1 (a quadratic copy would make it about 10).
        figures.push(seriesFigure(
          `${method.name}:${readSize}:msPerMBRatio`,
          `${method.name}, ${readLabel(readSize)} reads: ms/MB at 10 MB / ms/MB at 1 MB`,
          'ratio',
          pairedRatios(msPerMB(10 * MB), msPerMB(1 * MB)),
          { target: atMost(1.5), note: 'linear in the stream size (quadratic copying would give ~10)' },
        ));
      }
    }
    return {
      figures,
      details: {
        corpus: Object.fromEntries([...corpora].map(([size, corpus]) => [size, { bytes: corpus.bytes.length, events: corpus.events, textLength: corpus.textLength }])),
        secondsPerRun: Object.fromEntries(seconds),
        cpuSecondsPerRun: Object.fromEntries(cpuSeconds),
      },
    };
  },
});
