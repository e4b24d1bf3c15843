// What every store on MongoDB (or FerretDB) shares: the connection, index creation, error
// kinds, batched reads and writes, and leases, on single-document atomicity alone.
export * from './batched-operations';
export * from './lease';
export { connectMongo } from './mongo-connection';
export { isDuplicateKeyError } from './mongo-errors';
export { ensureIndexes } from './mongo-indexes';
