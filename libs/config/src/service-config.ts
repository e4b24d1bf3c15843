import { COMMAND_TYPES, CustomerAccountCommandType } from '@app/domain';
import { ConfigError, Env, EnvReader } from './env-reader';

export { ConfigError } from './env-reader';

export interface MongoTlsSettings {
  enabled: boolean;
  caFile?: string;
  /** A PEM file holding the client certificate and its key, for mutual TLS. */
  certificateKeyFile?: string;
}

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export interface KafkaSecuritySettings {
  ssl: boolean;
  caFile?: string;
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

/** Everything the apps read from the environment, checked once at start. */
export interface ServiceConfig {
  /** The least severe level that is logged: error, warn, log or debug. */
  logLevel: LogLevel;
  httpHost: string;
  httpPort: number;
  /** The projector's own HTTP port: health, readiness and metrics only. */
  projectorHttpPort: number;
  mongodbUri: string;
  mongodbDatabase: string;
  mongodbTls: MongoTlsSettings;
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaSecurity: KafkaSecuritySettings;
  /** Prefixes every topic and consumer group, so that environments (and test runs) never meet. */
  topicPrefix: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  /** Largest accepted HTTP body or Kafka command, in bytes. */
  maxPayloadBytes: number;
  /** How often the outbox publisher looks for unpublished commits when nothing wakes it. */
  outboxPollIntervalMs: number;
  /** How long a pass woken by a new commit waits for the commits landing with it. */
  outboxGatherMs: number;
  /** HTTP commands an instance answers at once; beyond it, 503 with Retry-After. */
  maxHttpCommandsInFlight: number;
  /** Audit reads (history, state, exports, verification) an instance answers at once; beyond it, 503 with Retry-After. */
  maxHttpAuditReadsInFlight: number;
  /** How long a client may take to send a request's headers, then its whole request: a slow one holds a command slot no longer. */
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  /** Wraps each customer's personal-data key; 32 bytes. Losing it loses every customer's personal data. */
  personalDataMasterKey: Buffer;
  /** The database of the customers' personal-data keys, apart from the events (and their backups). */
  personalDataKeysDatabase: string;
  /** The Ed25519 private key (PKCS#8 PEM) that signs digests and export manifests; the command side needs it. */
  integritySigningKeyPem?: string;
  /** How often the stream heads that changed are signed into digests. */
  integrityDigestIntervalMs: number;
  /** How far each digest pass looks back over the last one: longer than a commit takes from its stamp to the store. */
  integrityDigestOverlapMs: number;
  /** How long a read with X-Min-Version waits for the read model before it folds the events instead. */
  readYourWritesWaitMs: number;
  /** Where spans go (OTLP over HTTP); none are exported without it. */
  otlpTracesEndpoint?: string;
  /** Command types refused without a reason for change. */
  reasonRequiredFor: CustomerAccountCommandType[];
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function loadConfig(env: Env = process.env): ServiceConfig {
  const read = new EnvReader(env);
  const config: ServiceConfig = {
    logLevel: read.text('LOG_LEVEL', 'log', new RegExp(`^(${LOG_LEVELS.join('|')})$`), LOG_LEVELS.join(', ')) as LogLevel,
    httpHost: read.text('HTTP_HOST', '127.0.0.1', /^[A-Za-z0-9.:-]+$/, 'a host name or IP address'),
    httpPort: read.int('HTTP_PORT', 3000, 0, 65535),
    projectorHttpPort: read.int('PROJECTOR_HTTP_PORT', 3001, 0, 65535),
    mongodbUri: read.text('MONGODB_URI', 'mongodb://127.0.0.1:27017/', /^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URI'),
    mongodbDatabase: read.text(
      'MONGODB_DATABASE',
      'customer_accounts',
      /^[A-Za-z0-9_-]{1,63}$/,
      'a database name of letters, digits, _ or -',
    ),
    mongodbTls: {
      enabled: read.flag('MONGODB_TLS'),
      caFile: read.file('MONGODB_TLS_CA_FILE'),
      certificateKeyFile: read.file('MONGODB_TLS_CERT_KEY_FILE'),
    },
    kafkaBrokers: read
      .text('KAFKA_BROKERS', '127.0.0.1:9092', /^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port')
      .split(','),
    kafkaClientId: read.text('KAFKA_CLIENT_ID', 'customer-account-service', /^[A-Za-z0-9._-]+$/, 'letters, digits, . _ or -'),
    kafkaSecurity: kafkaSecurity(read),
    topicPrefix: read.text('TOPIC_PREFIX', 'customer-account', /^[A-Za-z0-9._-]+$/, 'letters, digits, . _ or -'),
    topicPartitions: read.int('TOPIC_PARTITIONS', 3, 1, 1000),
    topicReplicationFactor: read.int('TOPIC_REPLICATION_FACTOR', 1, 1, 10),
    maxPayloadBytes: read.int('MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    outboxPollIntervalMs: read.int('OUTBOX_POLL_INTERVAL_MS', 250, 10, 600_000),
    outboxGatherMs: read.int('OUTBOX_GATHER_MS', 3, 0, 1_000),
    maxHttpCommandsInFlight: read.int('MAX_HTTP_COMMANDS_IN_FLIGHT', 256, 1, 100_000),
    maxHttpAuditReadsInFlight: read.int('MAX_HTTP_AUDIT_READS_IN_FLIGHT', 16, 1, 10_000),
    httpHeadersTimeoutMs: read.int('HTTP_HEADERS_TIMEOUT_MS', 5_000, 100, 300_000),
    httpRequestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 10_000, 100, 300_000),
    personalDataMasterKey: personalDataMasterKey(read),
    personalDataKeysDatabase: '',
    integritySigningKeyPem: integritySigningKey(read),
    integrityDigestIntervalMs: read.int('INTEGRITY_DIGEST_INTERVAL_MS', 60_000, 100, 24 * 3600 * 1000),
    integrityDigestOverlapMs: read.int('INTEGRITY_DIGEST_OVERLAP_MS', 10_000, 0, 3600 * 1000),
    reasonRequiredFor: commandTypes(read, 'REASON_REQUIRED_FOR'),
    readYourWritesWaitMs: read.int('READ_YOUR_WRITES_WAIT_MS', 2_000, 0, 30_000),
    otlpTracesEndpoint: otlpTracesEndpoint(read),
  };
  config.personalDataKeysDatabase = read.text(
    'PERSONAL_DATA_KEYS_DATABASE',
    `${config.mongodbDatabase}_keys`,
    /^[A-Za-z0-9_-]{1,63}$/,
    'a database name of letters, digits, _ or -',
  );
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs)
    read.problem('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS: the request includes its headers');
  if (config.personalDataKeysDatabase === config.mongodbDatabase)
    read.problem('PERSONAL_DATA_KEYS_DATABASE must differ from MONGODB_DATABASE: keys are kept apart from the events');
  if ((config.mongodbTls.caFile || config.mongodbTls.certificateKeyFile) && !config.mongodbTls.enabled) {
    read.problem('MONGODB_TLS_CA_FILE and MONGODB_TLS_CERT_KEY_FILE need MONGODB_TLS=true');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function kafkaSecurity(read: EnvReader): KafkaSecuritySettings {
  const ssl = read.flag('KAFKA_SSL');
  const caFile = read.file('KAFKA_SSL_CA_FILE');
  if (caFile && !ssl) read.problem('KAFKA_SSL_CA_FILE needs KAFKA_SSL=true');
  const mechanism = read.optional(
    'KAFKA_SASL_MECHANISM',
    new RegExp(`^(${KAFKA_SASL_MECHANISMS.join('|')})$`),
    KAFKA_SASL_MECHANISMS.join(', '),
  );
  const username = read.optional('KAFKA_SASL_USERNAME');
  const password = read.secret('KAFKA_SASL_PASSWORD');
  if (!mechanism) {
    if (username || password) read.problem('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM');
    return { ssl, caFile };
  }
  if (!username || !password)
    read.problem(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`);
  return { ssl, caFile, sasl: { mechanism: mechanism as KafkaSaslMechanism, username: username ?? '', password: password ?? '' } };
}

/** OpenTelemetry's own variables: the traces endpoint, or the base endpoint with /v1/traces. */
function otlpTracesEndpoint(read: EnvReader): string | undefined {
  const traces = read.optional('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', /^https?:\/\//, 'an http:// or https:// URL');
  const base = read.optional('OTEL_EXPORTER_OTLP_ENDPOINT', /^https?:\/\//, 'an http:// or https:// URL');
  return traces ?? (base === undefined ? undefined : `${base.replace(/\/$/, '')}/v1/traces`);
}

function commandTypes(read: EnvReader, name: string): CustomerAccountCommandType[] {
  const listed = (read.optional(name) ?? '')
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '');
  const unknown = listed.filter((type) => !(COMMAND_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) read.problem(`${name} names ${unknown.join(', ')}: the command types are ${COMMAND_TYPES.join(', ')}`);
  return listed as CustomerAccountCommandType[];
}

function integritySigningKey(read: EnvReader): string | undefined {
  const value = read.secret('INTEGRITY_SIGNING_KEY');
  if (value !== undefined && !/^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----$/.test(value))
    read.problem('INTEGRITY_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM, e.g. from `openssl genpkey -algorithm ed25519`');
  return value;
}

/** The command side signs what it records: without a key it does not start. */
export function requireSigningKey(config: ServiceConfig): string {
  if (config.integritySigningKeyPem) return config.integritySigningKeyPem;
  throw new ConfigError([
    'INTEGRITY_SIGNING_KEY (or INTEGRITY_SIGNING_KEY_FILE) is required: an Ed25519 private key in PKCS#8 PEM, e.g. from `openssl genpkey -algorithm ed25519`',
  ]);
}

function personalDataMasterKey(read: EnvReader): Buffer {
  const value = read.secret('PERSONAL_DATA_MASTER_KEY');
  const key = value === undefined ? Buffer.alloc(0) : Buffer.from(value, 'base64');
  if (value === undefined) {
    if (!read.isSet('PERSONAL_DATA_MASTER_KEY'))
      read.problem(
        'PERSONAL_DATA_MASTER_KEY (or PERSONAL_DATA_MASTER_KEY_FILE) is required: 32 random bytes in base64, e.g. from `openssl rand -base64 32`',
      );
  } else if (!/^[A-Za-z0-9+/]{43}=$/.test(value) || key.length !== 32) {
    read.problem('PERSONAL_DATA_MASTER_KEY must be 32 bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`)');
  }
  return key;
}
