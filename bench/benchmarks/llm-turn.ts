import { performance } from 'node:perf_hooks';
import { createSession, createSessionId, getLLMs, getModelStyles, getPrompts } from '../../src/client/index.js';
import { LlmProcessor } from '../../src/llm/llm-processor.js';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark } from '../lib/main.js';
import { atMost, seriesFigure, type Figure } from '../lib/result.js';
import { pulledStream, splitIntoReads, syntheticLlmStream } from '../lib/synthetic-sse.js';
import { PUBLISHED, TARGETS } from '../lib/yardstick.js';

const TURN_BYTES = 20_000;
const readSizes = [64, 1024, 16 * 1024] as const;
const readLabel = (readSize: number): string => (readSize >= 1024 ? `${readSize / 1024} KiB` : `${readSize} B`);

/** The reads the next `/llm/v2/` request is answered with, from memory: the SDK's own cost, no network. */
let nextAnswer: readonly Uint8Array[] = [];
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.endsWith('/llm/v2/')) return networkFetch(input, init);
  return new Response(pulledStream(nextAnswer), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
};

await runBenchmark({
  name: 'llm-turn',
  title: 'One realistic 20 KB LLM turn (token-sized message lines) through Session.processLLM and LlmProcessor, answered from memory',
  async run(context) {
    const turns = context.reps(40, 12);
    const warmUp = 10;
    const corpus = syntheticLlmStream(TURN_BYTES);
    const emulator = await startEmulatorProcess();
    try {
      const { apiKey, url: apiServer } = emulator;
      const [llms, modelStyles, prompts] = await Promise.all([getLLMs({ apiKey, apiServer }), getModelStyles({ apiKey, apiServer }), getPrompts({ apiKey, apiServer })]);
      // A session without the avatar: no WebRTC, so the turn is all there is to time.
      const params = { using_stf_webrtc: false, model_style: modelStyles[0]!.name, prompt: prompts[0]!.prompt_id, llm_type: llms[0]!.name };
      const figures: Figure[] = [];
      const details: Record<string, unknown> = { turnBytes: corpus.bytes.length, events: corpus.events };
      for (const readSize of readSizes) {
        const reads = splitIntoReads(corpus.bytes, readSize);
        const sessionMs: number[] = [];
        const processorMs: number[] = [];
        for (let index = 0; index < warmUp + turns; index += 1) {
          // A fresh session per turn, so the history (sent with every request) stays one message long.
          const session = await createSession({ sessionId: await createSessionId({ apiKey, apiServer, params }), apiServer, width: 640, height: 360, clientTools: [] });
          nextAnswer = reads;
          let started = performance.now();
          let text = 0;
          for await (const chunk of session.processLLM({ message: 'Tell me everything.' })) {
            if (chunk.type === 'error') throw chunk.error;
            if (chunk.type === 'message' && chunk.finish) text = chunk.message.length;
          }
          const sessionElapsed = performance.now() - started;
          session.stopSession();
          if (text !== corpus.textLength) throw new Error(`Session.processLLM finished with ${text} characters of ${corpus.textLength}`);

          const processor = new LlmProcessor({ sessionId: 'bench', openStream: async () => pulledStream(reads) });
          started = performance.now();
          for await (const chunk of processor.processLLM({ message: 'Tell me everything.' })) {
            if (chunk.type === 'error') throw chunk.error;
          }
          const processorElapsed = performance.now() - started;
          if (index >= warmUp) {
            sessionMs.push(sessionElapsed);
            processorMs.push(processorElapsed);
          }
        }
        const target = readSize === 64 ? { target: atMost(PUBLISHED.sessionProcessLlm20kb64bMs / TARGETS.speedup), note: `published SDK ~${PUBLISHED.sessionProcessLlm20kb64bMs} ms; target 1.5× as fast` } : {};
        figures.push(seriesFigure(`session:${readSize}`, `Session.processLLM, 20 KB turn, ${readLabel(readSize)} reads`, 'ms', sessionMs, target));
        figures.push(seriesFigure(`processor:${readSize}`, `LlmProcessor.processLLM, 20 KB turn, ${readLabel(readSize)} reads`, 'ms', processorMs));
        details[`sessionMs:${readSize}`] = sessionMs;
        details[`processorMs:${readSize}`] = processorMs;
        context.log(`${readLabel(readSize)} reads done`);
      }
      return { figures, details };
    } finally {
      await emulator.close();
    }
  },
});
