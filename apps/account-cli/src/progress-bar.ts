import { RebuildProgress, RebuildRate } from '@app/read-model';

const WIDTH = 30;

/** `[##########--------------------]  33.3%  12,000 events  4,100 events/s  6 s left` */
export function progressBar(progress: RebuildProgress, rate: RebuildRate): string {
  const filled = Math.round((rate.percent / 100) * WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
  const left =
    progress.phase === 'building' ? (rate.secondsLeft === null ? 'time left unknown' : `${rate.secondsLeft} s left`) : progress.phase;
  return `${bar} ${rate.percent.toFixed(1).padStart(5)}%  ${progress.eventsDone.toLocaleString('en-US')} events  ${rate.eventsPerSecond.toLocaleString('en-US')} events/s  ${left}`;
}
