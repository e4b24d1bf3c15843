import { KafkaJSError } from 'kafkajs';
import { MongoError, MongoServerError } from 'mongodb';

/** Server errors that a write's own content causes: the same write fails again, however often it is tried. */
const CAUSED_BY_THE_WRITE = new Set([
  2, // BadValue
  10334, // BSONObjectTooLarge
  17419, // a document grown past 16 MiB
  17280, // KeyTooLong
]);

/**
 * Whether an error is the store or Kafka out of reach (worth taking the whole batch again
 * later) rather than something about one message (to answer and set aside). Retrying the
 * second kind would stop a partition for good on one message.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  if (error instanceof KafkaJSError) return true;
  if (error instanceof MongoServerError) return !CAUSED_BY_THE_WRITE.has(Number(error.code));
  if (error instanceof MongoError) return true;
  // Node's own socket errors (ECONNREFUSED, ETIMEDOUT, ...).
  return error instanceof Error && 'syscall' in error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
