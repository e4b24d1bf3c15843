export * from './event-messages';
export * from './json-producer';
export * from './kafka-connection';
export * from './topic-setup';
export * from './topics';
export * from './consumer-config';
export * from './background-offset-commits';
export * from './supervised-consumer';
