import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark } from '../lib/main.js';
import { below, valueFigure, type Figure } from '../lib/result.js';
import { sessionFactory } from '../lib/sessions.js';

const MB = 2 ** 20;

interface HeapSample {
  cycles: number;
  heapUsedMB: number;
  externalMB: number;
  rssMB: number;
}

/** Heap after full collections; several, with turns of the event loop between, so finalizers and weak callbacks run. */
async function settledHeap(cycles: number): Promise<HeapSample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (bench/run.mjs does)');
  for (let pass = 0; pass < 4; pass += 1) {
    gc();
    await sleep(50);
  }
  const usage = process.memoryUsage();
  return { cycles, heapUsedMB: usage.heapUsed / MB, externalMB: usage.external / MB, rssMB: usage.rss / MB };
}

await runBenchmark({
  name: 'memory',
  title: 'Memory: heap after forced GC across createSession/stopSession cycles in one process',
  async run(context) {
    const total = context.reps(200, 50);
    const checkpoints = [0, total / 2, total];
    const emulator = await startEmulatorProcess();
    try {
      const factory = await sessionFactory(emulator.url, emulator.apiKey);
      const samples: HeapSample[] = [await settledHeap(0)];
      for (let cycle = 1; cycle <= total; cycle += 1) {
        const opened = await factory.open();
        await factory.close(opened);
        if (checkpoints.includes(cycle)) {
          samples.push(await settledHeap(cycle));
          context.log(`${cycle}/${total} cycles: heap ${samples.at(-1)!.heapUsedMB.toFixed(2)} MB`);
        }
      }
      const [start, middle, end] = samples as [HeapSample, HeapSample, HeapSample];
      const figures: Figure[] = [
        ...samples.map((sample) => valueFigure(`heap:${sample.cycles}`, `heap used after GC, ${sample.cycles} cycles`, 'MB', sample.heapUsedMB)),
        valueFigure('growth', `heap growth, 0 → ${total} cycles`, 'MB', end.heapUsedMB - start.heapUsedMB, { target: below(5) }),
        valueFigure('growthSecondHalf', `heap growth, ${middle.cycles} → ${total} cycles (steady state)`, 'MB', end.heapUsedMB - middle.heapUsedMB),
        valueFigure('rssGrowth', `RSS growth, 0 → ${total} cycles (includes libwebrtc)`, 'MB', end.rssMB - start.rssMB),
      ];
      return { figures, details: { cycles: total, samples } };
    } finally {
      await emulator.close();
    }
  },
});
