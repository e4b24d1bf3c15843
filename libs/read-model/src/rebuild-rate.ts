import { RebuildProgress } from './read-model-rebuild';

export interface RebuildRate {
  percent: number;
  eventsPerSecond: number;
  /** At the rate so far; null until there is a rate. */
  secondsLeft: number | null;
}

/** How far a rebuild is, how fast it goes and how long it still needs, by commits done. */
export function rebuildRate(progress: RebuildProgress, elapsedMs: number): RebuildRate {
  const { commitsDone, commitsTotal, eventsDone } = progress;
  const seconds = elapsedMs / 1000;
  const fraction = commitsTotal === 0 ? 1 : Math.min(1, commitsDone / commitsTotal);
  const commitsPerSecond = seconds > 0 ? commitsDone / seconds : 0;
  return {
    percent: Math.round(fraction * 1000) / 10,
    eventsPerSecond: seconds > 0 ? Math.round(eventsDone / seconds) : 0,
    secondsLeft: commitsPerSecond > 0 ? Math.ceil(Math.max(0, commitsTotal - commitsDone) / commitsPerSecond) : null,
  };
}
