import { ReadModelRebuild, RebuildProgress, RebuildRate, RebuildReport, rebuildRate } from '@app/read-model';

export interface ReplayStatus {
  state: 'idle' | 'running' | 'finished' | 'failed';
  startedAt?: string;
  progress?: RebuildProgress & RebuildRate;
  report?: RebuildReport;
  error?: string;
}

/** One read-model rebuild at a time in the cluster (under its lease), run in the background and watched by polling here. */
export class ReplayRunner {
  private current: ReplayStatus = { state: 'idle' };

  constructor(private readonly newRebuild: () => ReadModelRebuild) {}

  /** False when a rebuild is already running, here or on another instance. */
  async start(): Promise<boolean> {
    if (this.current.state === 'running') return false;
    const rebuild = this.newRebuild();
    if (!(await rebuild.claim())) return false;
    const started = Date.now();
    const status: ReplayStatus = { state: 'running', startedAt: new Date(started).toISOString() };
    this.current = status;
    rebuild
      .run((progress) => (status.progress = { ...progress, ...rebuildRate(progress, Date.now() - started) }))
      .then((report) => Object.assign(status, { state: 'finished', report }))
      .catch((error: Error) => Object.assign(status, { state: 'failed', error: error.message }));
    return true;
  }

  status(): ReplayStatus {
    return this.current;
  }
}
