export * from './append-errors';
export * from './command-log';
export * from './event-commit';
export * from './event-store';
export { isDuplicateKeyError } from './mongo-errors';
export { connectMongo } from './mongo-connection';
export { ensureIndexes } from './mongo-indexes';
export * from './lease';
export { inWriteBatches } from './write-batches';
