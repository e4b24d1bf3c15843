import { randomUUID } from 'node:crypto';
import { OPERATOR_TENANT_ID } from '@app/fixtures';
import { TEST_INTEGRITY_SIGNING_KEY, TEST_JWT_SECRET, TEST_PERSONAL_DATA_MASTER_KEY } from './test-credentials';

/**
 * Points the apps of one test file at the real servers (KAFKA_BROKERS and MONGODB_URI
 * when set, else the ones scripts/test.sh started) with a topic prefix and a database of
 * its own, so that test files never see each other's messages or documents.
 */
export function useIsolatedEnvironment(): { topicPrefix: string; database: string; kafkaBrokers: string[]; mongodbUri: string } {
  const id = randomUUID().slice(0, 8);
  const topicPrefix = `test-${id}`;
  const database = `test_${id}`;
  process.env.KAFKA_BROKERS ??= '127.0.0.1:19092';
  process.env.MONGODB_URI ??= 'mongodb://127.0.0.1:37017/';
  process.env.TOPIC_PREFIX = topicPrefix;
  process.env.MONGODB_DATABASE = database;
  process.env.HTTP_PORT = '0';
  process.env.PROJECTOR_HTTP_PORT = '0';
  process.env.LOG_LEVEL ??= 'warn';
  process.env.AUTH_JWT_SECRET = TEST_JWT_SECRET;
  process.env.AUTH_OPERATOR_TENANT_ID = OPERATOR_TENANT_ID;
  process.env.PERSONAL_DATA_MASTER_KEY = TEST_PERSONAL_DATA_MASTER_KEY;
  process.env.INTEGRITY_SIGNING_KEY = TEST_INTEGRITY_SIGNING_KEY;
  return { topicPrefix, database, kafkaBrokers: process.env.KAFKA_BROKERS.split(','), mongodbUri: process.env.MONGODB_URI };
}
