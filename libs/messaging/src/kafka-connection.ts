import { rootLogger } from '@app/logging';
import { KafkaSecuritySettings } from '@app/config';
import { Kafka, KafkaConfig, logLevel, LogEntry, SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';

/**
 * Errors a consumer group meets in the normal course of a rebalance or a broker start, and
 * recovers from by itself; kafkajs calls them errors, an operator's pager should not.
 */
const ROUTINE = /rebalancing|coordinator is (?:loading|not available)|not the correct coordinator|leadership election/i;

/** kafkajs logs through the process's pino logger, at WARN and above, in the apps' own format. */
function jsonLogCreator() {
  const logger = rootLogger().child({}, { level: 'info' });
  return ({ namespace, label, log }: LogEntry) => {
    // kafkajs' correlationId numbers its own requests; ours names a conversation.
    const { message, timestamp: _timestamp, correlationId: request, ...extra } = log;
    const level =
      label === 'ERROR' && ROUTINE.test(`${message} ${String(extra.error ?? '')}`)
        ? 'info'
        : label === 'ERROR'
          ? 'error'
          : label === 'WARN'
            ? 'warn'
            : 'info';
    logger[level]({ ...extra, ...(request !== undefined && { kafkaRequest: request }), logger: `kafkajs.${namespace}` }, message);
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
