interface QueuedUtterance {
  message: string;
  /** Null until synthesis/decoding finishes. */
  samples: Int16Array | null;
  failed: boolean;
}

/** What one audio frame carried. */
export interface PlayedFrame {
  /** Sum of squared samples (for the mouth's loudness). */
  sumOfSquares: number;
  speaking: boolean;
}

/**
 * The avatar's speech queue. Utterances play strictly in request order; one
 * whose audio is still being prepared holds the queue (silence meanwhile).
 * The media clock pulls one frame at a time, so "now" is always exactly where
 * playout is: `clear()` takes effect on the very next frame.
 */
export class Playout {
  private readonly queue: QueuedUtterance[] = [];
  private current: Int16Array | null = null;
  private position = 0;

  constructor(private readonly onStart: (message: string, sampleCount: number) => void) {}

  get speaking(): boolean {
    return this.current !== null;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Queues an utterance whose audio (at the playout rate) arrives later; a rejected promise drops it. */
  enqueue(message: string, audio: Promise<Int16Array>): void {
    const entry: QueuedUtterance = { message, samples: null, failed: false };
    this.queue.push(entry);
    audio.then(
      (samples) => {
        entry.samples = samples;
      },
      () => {
        entry.failed = true;
      },
    );
  }

  /** Stops the current utterance and drops every queued one (including those still being prepared). */
  clear(): void {
    this.queue.length = 0;
    this.current = null;
    this.position = 0;
  }

  /** Fills `out` with the next frame of speech (zeros when there is none). */
  nextFrame(out: Int16Array): PlayedFrame {
    if (!this.current) this.startNext();
    const current = this.current;
    if (!current) {
      out.fill(0);
      return { sumOfSquares: 0, speaking: false };
    }
    const count = Math.min(out.length, current.length - this.position);
    out.set(current.subarray(this.position, this.position + count));
    out.fill(0, count);
    this.position += count;
    let sumOfSquares = 0;
    for (let i = 0; i < count; i++) {
      const sample = out[i] as number;
      sumOfSquares += sample * sample;
    }
    if (this.position >= current.length) {
      this.current = null;
      this.position = 0;
    }
    return { sumOfSquares, speaking: true };
  }

  private startNext(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0] as QueuedUtterance;
      if (head.failed || (head.samples && head.samples.length === 0)) {
        this.queue.shift();
        continue;
      }
      if (!head.samples) return;
      this.queue.shift();
      this.current = head.samples;
      this.position = 0;
      this.onStart(head.message, head.samples.length);
      return;
    }
  }
}
