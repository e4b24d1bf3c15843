/** Everything the apps read from the environment, checked once at start. */
export interface ServiceConfig {
  /** The least severe level that is logged: error, warn, log or debug. */
  logLevel: LogLevel;
  httpHost: string;
  httpPort: number;
  mongodbUri: string;
  mongodbDatabase: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  /** Prefixes every topic and consumer group, so that environments (and test runs) never meet. */
  topicPrefix: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  /** Largest accepted HTTP body or Kafka command, in bytes. */
  maxPayloadBytes: number;
  /** How often the outbox publisher looks for unpublished commits when nothing wakes it. */
  outboxPollIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function loadConfig(env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const text = (name: string, fallback: string, pattern?: RegExp, what?: string): string => {
    const value = env[name] ?? fallback;
    if (pattern && !pattern.test(value)) problems.push(`${name}=${JSON.stringify(value)} must be ${what}`);
    return value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };

  const config: ServiceConfig = {
    logLevel: text('LOG_LEVEL', 'log', new RegExp(`^(${LOG_LEVELS.join('|')})$`), LOG_LEVELS.join(', ')) as LogLevel,
    httpHost: text('HTTP_HOST', '127.0.0.1', /^[A-Za-z0-9.:-]+$/, 'a host name or IP address'),
    httpPort: int('HTTP_PORT', 3000, 0, 65535),
    mongodbUri: text('MONGODB_URI', 'mongodb://127.0.0.1:27017/', /^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URI'),
    mongodbDatabase: text('MONGODB_DATABASE', 'customer_accounts', /^[A-Za-z0-9_-]{1,63}$/, 'a database name of letters, digits, _ or -'),
    kafkaBrokers: text('KAFKA_BROKERS', '127.0.0.1:9092', /^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port')
      .split(','),
    kafkaClientId: text('KAFKA_CLIENT_ID', 'customer-account-service', /^[A-Za-z0-9._-]+$/, 'letters, digits, . _ or -'),
    topicPrefix: text('TOPIC_PREFIX', 'customer-account', /^[A-Za-z0-9._-]+$/, 'letters, digits, . _ or -'),
    topicPartitions: int('TOPIC_PARTITIONS', 3, 1, 1000),
    topicReplicationFactor: int('TOPIC_REPLICATION_FACTOR', 1, 1, 10),
    maxPayloadBytes: int('MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    outboxPollIntervalMs: int('OUTBOX_POLL_INTERVAL_MS', 250, 10, 600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Nest's logger takes the list of levels to print, most severe first. */
export function logLevelsFrom(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
