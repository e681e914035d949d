/** Gathers the recorder's sample blocks and joins them once, at the end. */
export class PcmBlockCollector {
  private blocks: Float32Array[] = [];
  private total = 0;

  /** Samples collected so far. */
  get length(): number {
    return this.total;
  }

  push(block: Float32Array): void {
    if (block.length === 0) return;
    this.blocks.push(block);
    this.total += block.length;
  }

  /** Everything collected, as one array; the collector is empty afterwards. */
  take(): Float32Array {
    const joined = new Float32Array(this.total);
    let offset = 0;
    for (const block of this.blocks) {
      joined.set(block, offset);
      offset += block.length;
    }
    this.clear();
    return joined;
  }

  clear(): void {
    this.blocks = [];
    this.total = 0;
  }
}

/** Root mean square of a block: the level a meter shows (0 for silence, ~0.7 for a full-scale sine). */
export function rootMeanSquare(block: Float32Array): number {
  if (block.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < block.length; i++) sum += block[i]! * block[i]!;
  return Math.sqrt(sum / block.length);
}
