import { Kafka, logLevel, LogEntry } from 'kafkajs';

/** kafkajs logs as one JSON line each, at WARN and above, so they sit with the service's own. */
function jsonLogCreator() {
  return ({ namespace, level, label, log }: LogEntry) => {
    const { message, ...extra } = log;
    process.stderr.write(`${JSON.stringify({ level: label.toLowerCase(), logger: `kafkajs.${namespace}`, message, ...extra, severity: level })}\n`);
  };
}

export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: jsonLogCreator,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
