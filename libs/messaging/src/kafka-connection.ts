import { KafkaSecuritySettings } from '@app/config';
import { Kafka, KafkaConfig, logLevel, LogEntry, SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';

/** kafkajs logs as one JSON line each, at WARN and above, so they sit with the service's own. */
function jsonLogCreator() {
  return ({ namespace, level, label, log }: LogEntry) => {
    const { message, ...extra } = log;
    process.stderr.write(`${JSON.stringify({ level: label.toLowerCase(), logger: `kafkajs.${namespace}`, message, ...extra, severity: level })}\n`);
  };
}

/** TLS (optionally with a private CA) and SASL PLAIN or SCRAM, as a managed Kafka asks for them. */
function securityOptions(security: KafkaSecuritySettings): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ...(security.ssl && { ssl: security.caFile ? { ca: [readFileSync(security.caFile, 'utf8')] } : true }),
    ...(security.sasl && { sasl: security.sasl as SASLOptions }),
  };
}

export function createKafka(brokers: string[], clientId: string, security: KafkaSecuritySettings = { ssl: false }): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...securityOptions(security),
    logLevel: logLevel.WARN,
    logCreator: jsonLogCreator,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
