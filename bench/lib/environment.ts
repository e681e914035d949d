import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, release } from 'node:os';

/** Where and when a figure was measured: enough to tell two runs apart. */
export interface Environment {
  cpuModel: string;
  cpuCount: number;
  nodeVersion: string;
  platform: string;
  osRelease: string;
  totalMemoryMB: number;
  gitCommit: string | null;
  /** Uncommitted changes in the tree the figures were measured on. */
  gitDirty: boolean | null;
  date: string;
  /** 1-minute load average when the benchmark started: a busy machine explains a noisy figure. */
  loadAverage1m: number;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function captureEnvironment(): Environment {
  const processors = cpus();
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpuCount: processors.length,
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    osRelease: release(),
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    date: new Date().toISOString(),
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}
