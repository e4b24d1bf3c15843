import { Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { Counter, Gauge, Registry } from 'prom-client';

const FIRST_RESTART_AFTER_MS = 1_000;
const LONGEST_RESTART_PAUSE_MS = 30_000;

export interface ConsumerHealth {
  up: boolean;
  detail?: string;
}

export interface SupervisionLog {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * A kafkajs consumer that does not stay down. kafkajs restarts a crashed consumer on its own
 * only after a retriable error; after any other (a fatal protocol error, retries exhausted)
 * it stops for good and the process would go on, ready in name, consuming nothing. This one
 * is then made anew and run again, after a pause that doubles each time up to 30 s. While it
 * is down its health says so (readiness reads it), and a counter and a log line say why.
 */
export class SupervisedConsumer {
  private consumer?: Consumer;
  private health: ConsumerHealth = { up: false, detail: 'not started' };
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  private failedRestarts = 0;
  private readonly crashes: Counter<'consumer'>;
  private readonly upGauge: Gauge<'consumer'>;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: ConsumerConfig,
    /** Subscribes and runs the consumer; called again for each new one. */
    private readonly run: (consumer: Consumer) => Promise<void>,
    private readonly logger: SupervisionLog,
    registry: Registry,
    readonly name: string,
  ) {
    this.crashes = singleMetric(
      registry,
      'customer_account_consumer_crashes_total',
      () =>
        new Counter({
          name: 'customer_account_consumer_crashes_total',
          help: 'Consumers that crashed (kafkajs stopped them), by consumer; each is restarted',
          labelNames: ['consumer'],
          registers: [registry],
        }),
    );
    this.upGauge = singleMetric(
      registry,
      'customer_account_consumer_up',
      () =>
        new Gauge({
          name: 'customer_account_consumer_up',
          help: '1 while the consumer is in its group, 0 while it is down or restarting',
          labelNames: ['consumer'],
          registers: [registry],
        }),
    );
    this.upGauge.set({ consumer: name }, 0);
  }

  /** The consumer in use now (a restart replaces it). */
  current(): Consumer | undefined {
    return this.consumer;
  }

  state(): ConsumerHealth {
    return this.health;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer(this.config);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.failedRestarts = 0;
      this.setHealth({ up: true });
    });
    consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
      if (this.stopped || this.consumer !== consumer) return;
      this.crashes.inc({ consumer: this.name });
      this.setHealth({ up: false, detail: `crashed: ${error.message}` });
      // kafkajs takes a retriable crash back itself, and joins the group again.
      if (restart) {
        this.logger.warn(`Consumer ${this.name} crashed and is restarted by kafkajs: ${error.message}`);
        return;
      }
      this.logger.warn(`Consumer ${this.name} crashed and stopped: ${error.message}`);
      this.restartLater(consumer);
    });
    await consumer.connect();
    await this.run(consumer);
  }

  /** Before leaving: no restart from now on. The caller disconnects, after its own last commits. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.setHealth({ up: false, detail: 'stopped' });
  }

  private restartLater(crashed: Consumer): void {
    const pause = Math.min(LONGEST_RESTART_PAUSE_MS, FIRST_RESTART_AFTER_MS * 2 ** this.failedRestarts);
    this.failedRestarts += 1;
    this.logger.log(`Consumer ${this.name} restarts in ${pause} ms`);
    this.restartTimer = setTimeout(async () => {
      if (this.stopped) return;
      await crashed.disconnect().catch(() => undefined);
      try {
        await this.start();
        this.logger.log(`Consumer ${this.name} restarted`);
      } catch (error) {
        this.setHealth({ up: false, detail: `restart failed: ${(error as Error).message}` });
        this.logger.warn(`Consumer ${this.name} did not restart: ${(error as Error).message}`);
        if (this.consumer) this.restartLater(this.consumer);
      }
    }, pause);
    this.restartTimer.unref();
  }

  private setHealth(health: ConsumerHealth): void {
    this.health = health;
    this.upGauge.set({ consumer: this.name }, health.up ? 1 : 0);
  }
}

function singleMetric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}
