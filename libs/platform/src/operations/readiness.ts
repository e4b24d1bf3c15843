import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';

const PROBE_TIMEOUT_MS = 2_000;

interface Check {
  up: boolean;
  detail?: string;
  milliseconds: number;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, Check>;
}

/** A part of the app that can be down while both servers answer: a consumer, for one. */
export type PartCheck = () => { up: boolean; detail?: string };

/**
 * Readiness asks the two servers everything depends on, each time: MongoDB to answer a
 * ping, Kafka to describe its cluster. A server that does not answer within two seconds
 * counts as down, so a probe never hangs on a half-open connection.
 */
export class ReadinessProbe {
  private readonly parts = new Map<string, PartCheck>();

  constructor(
    private readonly db: Db,
    private readonly kafka: Kafka,
  ) {}

  /** Counted in readiness from now on: the app is unready while the part is down. */
  addPart(name: string, check: PartCheck): void {
    this.parts.set(name, check);
  }

  async check(): Promise<Readiness> {
    const [mongodb, kafka] = await Promise.all([
      timed(() => this.db.command({ ping: 1 })),
      timed(async () => {
        const admin = this.kafka.admin({ retry: { retries: 0 } });
        try {
          await admin.connect();
          const { brokers } = await admin.describeCluster();
          if (brokers.length === 0) throw new Error('no brokers');
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }),
    ]);
    const checks: Record<string, Check> = { mongodb, kafka };
    for (const [name, part] of this.parts) checks[name] = { ...part(), milliseconds: 0 };
    return { ready: Object.values(checks).every((check) => check.up), checks };
  }
}

async function timed(probe: () => Promise<unknown>): Promise<{ up: boolean; detail?: string; milliseconds: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)),
      ),
    ]);
    return { up: true, milliseconds: Date.now() - started };
  } catch (error) {
    return { up: false, detail: (error as Error).message, milliseconds: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
