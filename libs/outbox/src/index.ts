export * from './outbox-publisher';
export * from './outbox-queries';
