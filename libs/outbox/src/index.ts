export * from './outbox-publisher';
export * from './outbox-queries';
export * from './outbox-shard-claims';
