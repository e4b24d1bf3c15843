import { ReadModelRebuild, RebuildProgress, RebuildRate, RebuildReport, rebuildRate, SavedRebuild } from '@app/read-model';

export interface ReplayStatus {
  /** `running-elsewhere`: another instance, or the CLI, holds the cluster's rebuild; `interrupted`: one stopped, and the next start resumes it. */
  state: 'idle' | 'running' | 'finished' | 'failed' | 'running-elsewhere' | 'interrupted';
  startedAt?: string;
  progress?: RebuildProgress & RebuildRate;
  /** Of a rebuild this instance did not start: what it saved. */
  saved?: SavedRebuild;
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

  /** This instance's replay; while it runs none, what the cluster's store says of one elsewhere. */
  async status(): Promise<ReplayStatus> {
    if (this.current.state === 'running') return this.current;
    const cluster = await this.newRebuild().inTheCluster();
    if (cluster.state === 'none') return this.current;
    return { state: cluster.state === 'running' ? 'running-elsewhere' : 'interrupted', saved: cluster.saved };
  }
}
