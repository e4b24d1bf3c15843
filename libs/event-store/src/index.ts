export * from './append-errors';
export * from './command-log';
export * from './security-log';
export * from './access-log';
export * from './event-commit';
export * from './event-store';
export * from './hash-chain';
