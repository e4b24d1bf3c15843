export * from './latest-per-key';
export * from './map-in-parallel';
export * from './request-batcher';
export * from './one-at-a-time-per-key';
