export const CONFIG = Symbol('ServiceConfig');
export const TOPICS = Symbol('Topics');
export const MONGO_CLIENT = Symbol('MongoClient');
export const DB = Symbol('Db');
export const KAFKA = Symbol('Kafka');
export const METRICS = Symbol('MetricsRegistry');
/** `(customerId) => shard`: the outbox shard of a customer's commits, its events partition. */
export const OUTBOX_SHARD_OF = Symbol('OutboxShardOf');
