export * from './latest-per-key';
export * from './map-in-parallel';
export * from './request-batcher';
