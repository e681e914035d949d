/**
 * CPU time of named threads in this process's descendants (Linux /proc): how
 * much Chromium's realtime audio-worklet thread works, read without its help.
 * `schedstat` counts nanoseconds on the CPU, finer than `stat`'s clock ticks.
 */
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Nanoseconds on the CPU of every thread whose name matches, by "pid/tid". */
export function threadCpuNs(namePattern: RegExp, root = process.pid): Map<string, number> {
  const times = new Map<string, number>();
  for (const pid of descendants(root)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const name = read(`/proc/${pid}/task/${tid}/comm`)?.trim();
      if (!name || !namePattern.test(name)) continue;
      const schedstat = read(`/proc/${pid}/task/${tid}/schedstat`);
      if (schedstat) times.set(`${pid}/${tid}`, Number(schedstat.split(' ')[0]));
    }
  }
  return times;
}

/** CPU nanoseconds the matching threads spent between two readings (threads in both only). */
export function cpuNsBetween(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [thread, ns] of after) {
    const start = before.get(thread);
    if (start !== undefined) total += ns - start;
  }
  return total;
}
