import { ProjectionReport } from '@app/read-model';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The projector's figures, as Prometheus scrapes them from its GET /metrics. */
export class ProjectorMetrics {
  private readonly events: Counter<'outcome'>;
  private readonly lag: Gauge<'partition'>;
  private readonly deadLetters: Counter;
  private readonly failedBatches: Counter;
  private readonly readModelWrites: Histogram;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'customer_account_projector_events_total',
      help: 'Events taken from the events topic: applied, skipped as already applied, or healed from the event store',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.lag = new Gauge({
      name: 'customer_account_projector_lag_events',
      help: 'Events on the partition after the last batch applied',
      labelNames: ['partition'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'customer_account_projector_dead_letters_total',
      help: 'Event messages sent to the events dead-letter topic',
      registers: [registry],
    });
    this.failedBatches = new Counter({
      name: 'customer_account_projector_batch_failures_total',
      help: 'Batches of events not written to the read model (the read model out of reach), each taken again from its first event',
      registers: [registry],
    });
    this.readModelWrites = new Histogram({
      name: 'customer_account_projector_batch_to_read_model_seconds',
      help: 'From a batch of events fetched to its accounts written in the read model',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  /** A batch fetched `seconds` ago is in the read model now. */
  batchWritten(seconds: number): void {
    this.readModelWrites.observe(seconds);
  }

  batchDone(partition: number, report: ProjectionReport, eventsBehind: number): void {
    this.events.inc({ outcome: 'applied' }, report.applied);
    this.events.inc({ outcome: 'skipped' }, report.skipped);
    this.events.inc({ outcome: 'healed' }, report.healed);
    this.lag.set({ partition: String(partition) }, eventsBehind);
  }

  batchFailed(): void {
    this.failedBatches.inc();
  }

  deadLettered(count: number): void {
    this.deadLetters.inc(count);
  }
}
