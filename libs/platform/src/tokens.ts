export const CONFIG = Symbol('ServiceConfig');
export const TOPICS = Symbol('Topics');
export const MONGO_CLIENT = Symbol('MongoClient');
export const DB = Symbol('Db');
export const KAFKA = Symbol('Kafka');
export const METRICS = Symbol('MetricsRegistry');
