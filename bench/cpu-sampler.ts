import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_INTERVAL_MS = 100;
/** Linux's clock ticks a second for /proc/<pid>/stat (USER_HZ), the same on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** What a process is to the bench, by its command line (and RAW_PART for the raw chain's two parts). */
export type ProcessPart =
  | 'service'
  | 'projector'
  | 'raw command side'
  | 'raw projector'
  | 'peer'
  | 'FerretDB'
  | 'Kafka'
  | 'bench'
  /** Anything else: not counted. */
  | 'other';

/** CPU seconds of each part over a window, and the machine's CPU milliseconds a command in it. */
export interface CpuUse {
  seconds: Partial<Record<ProcessPart, number>>;
  msPerCommand: number;
}

interface Sample {
  at: number;
  ticks: Map<number, number>;
}

/**
 * The CPU each part of a run used in a window of time, from its processes' counters in /proc
 * sampled every 100 ms: says where a rate bound by the machine's two cores went.
 * Off Linux it samples nothing and reports nothing.
 */
export class CpuSampler {
  private readonly samples: Sample[] = [];
  private readonly parts = new Map<number, ProcessPart>();
  private timer?: NodeJS.Timeout;

  start(): void {
    if (process.platform !== 'linux') return;
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU seconds each part used from `from` to `to` (epoch ms), to the nearest sample at either end. */
  secondsBetween(from: number, to: number): Partial<Record<ProcessPart, number>> {
    const before = [...this.samples].reverse().find((sample) => sample.at <= from) ?? this.samples[0];
    const after = this.samples.find((sample) => sample.at >= to) ?? this.samples.at(-1);
    if (!before || !after) return {};
    const used: Partial<Record<ProcessPart, number>> = {};
    for (const [pid, ticks] of after.ticks) {
      const part = this.parts.get(pid) ?? 'other';
      used[part] = (used[part] ?? 0) + (ticks - (before.ticks.get(pid) ?? 0)) / TICKS_PER_SECOND;
    }
    return used;
  }

  /** What the window's commands cost the machine, part by part; nothing off Linux. */
  usePerCommand(from: number, to: number, commands: number): CpuUse | undefined {
    const seconds = this.secondsBetween(from, to);
    const parts = Object.entries(seconds);
    if (parts.length === 0) return undefined;
    const total = parts.reduce((sum, [, used]) => sum + used, 0);
    return {
      seconds: Object.fromEntries(parts.map(([part, used]) => [part, Math.round(used * 100) / 100])),
      msPerCommand: Math.round((total / commands) * 1e6) / 1e3,
    };
  }

  private sample(): void {
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      try {
        if (!this.parts.has(pid)) this.parts.set(pid, partOf(pid));
        // The machine's own processes are left out: reading them all would cost the bench CPU of its own.
        if (this.parts.get(pid) === 'other') continue;
        // The fields after the command name, which may hold spaces and parentheses itself.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
        ticks.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        // The process ended between the listing and the read.
      }
    }
    this.samples.push({ at: Date.now(), ticks });
  }
}

function partOf(pid: number): ProcessPart {
  if (pid === process.pid) return 'bench';
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (commandLine.includes('account-service/src/main.js')) return 'service';
  if (commandLine.includes('projector/src/main.js')) return 'projector';
  if (commandLine.includes('raw-system.main.js'))
    return readFileSync(`/proc/${pid}/environ`, 'utf8').includes('RAW_PART=projector') ? 'raw projector' : 'raw command side';
  if (commandLine.includes('peers/servers')) return 'peer';
  if (commandLine.includes('ferretdb')) return 'FerretDB';
  if (commandLine.includes('kafka.Kafka')) return 'Kafka';
  return 'other';
}
