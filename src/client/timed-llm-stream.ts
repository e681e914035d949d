import type { OpenLlmStream } from '../llm/turn-runner.js';

export type LlmStreamStep = 'llm-request-sent' | 'llm-first-byte';

/** The stream opener, reporting when each request goes out and when its first byte of answer arrives (turn timelines). */
export function timedLlmStream(open: OpenLlmStream, onStep: (step: LlmStreamStep) => void): OpenLlmStream {
  return async (body, signal) => {
    onStep('llm-request-sent');
    const stream = await open(body, signal);
    let first = true;
    return stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (first && chunk.byteLength > 0) {
            first = false;
            onStep('llm-first-byte');
          }
          controller.enqueue(chunk);
        },
      }),
    );
  };
}
