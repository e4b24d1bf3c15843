import { COMMAND_TYPES } from '@app/domain';
import { OutboxQueries } from '@app/outbox';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppendObserver } from '../command-processing/command-processor';

const KNOWN_TYPES = new Set<string>(COMMAND_TYPES);

/** The command side's figures, as Prometheus scrapes them from GET /metrics. */
export class CommandMetrics implements AppendObserver {
  private readonly commands: Counter<'transport' | 'type' | 'outcome' | 'code'>;
  private readonly appendSeconds: Histogram;
  private readonly appendConflicts: Counter;
  private readonly deadLetters: Counter;
  private readonly turnedAwayCommands: Counter;

  /** `shardsHeld`: the outbox shards this instance publishes now. */
  constructor(registry: Registry, outbox: Pick<OutboxQueries, 'countUnpublished'>, shardsHeld: () => number[] = () => []) {
    this.commands = new Counter({
      name: 'customer_account_commands_total',
      help: 'Commands answered, by transport, command type, outcome and Partner Center code (0 when accepted)',
      labelNames: ['transport', 'type', 'outcome', 'code'],
      registers: [registry],
    });
    this.appendSeconds = new Histogram({
      name: 'customer_account_event_append_seconds',
      help: 'Time to append one commit to the event store, durable',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.appendConflicts = new Counter({
      name: 'customer_account_event_append_conflicts_total',
      help: 'Appends that found their version taken by another writer (another instance) and were decided again',
      registers: [registry],
    });
    this.turnedAwayCommands = new Counter({
      name: 'customer_account_commands_turned_away_total',
      help: 'HTTP commands answered 503 at once, unread: the instance had MAX_HTTP_COMMANDS_IN_FLIGHT under way',
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'customer_account_command_dead_letters_total',
      help: 'Unreadable messages sent to the commands dead-letter topic',
      registers: [registry],
    });
    new Gauge({
      name: 'customer_account_outbox_unpublished_commits',
      help: 'Commits stored but not yet acknowledged by Kafka (the outbox backlog)',
      registers: [registry],
      async collect() {
        this.set((await outbox.countUnpublished()).commits);
      },
    });
    new Gauge({
      name: 'customer_account_outbox_shards_held',
      help: 'Outbox shards (events partitions) this instance publishes; over the instances they add up to the partitions',
      registers: [registry],
      collect() {
        this.set(shardsHeld().length);
      },
    });
    new Gauge({
      name: 'customer_account_outbox_oldest_unpublished_seconds',
      help: 'Age of the oldest commit not yet on Kafka; 0 when none waits',
      registers: [registry],
      async collect() {
        const { oldestCommittedAt } = await outbox.countUnpublished();
        this.set(oldestCommittedAt ? (Date.now() - oldestCommittedAt.getTime()) / 1000 : 0);
      },
    });
  }

  /** `type` may come from an unauthenticated message: anything but a known command type is one label, so no sender can add series. */
  answered(transport: 'http' | 'kafka', type: string, outcome: 'accepted' | 'rejected', code = 0): void {
    this.commands.inc({ transport, type: KNOWN_TYPES.has(type) ? type : 'unknown', outcome, code: String(code) });
  }

  appended(seconds: number): void {
    this.appendSeconds.observe(seconds);
  }

  turnedAway(): void {
    this.turnedAwayCommands.inc();
  }

  conflicted(): void {
    this.appendConflicts.inc();
  }

  deadLettered(count: number): void {
    this.deadLetters.inc(count);
  }
}
