export * from './account-projection';
export * from './customer-account-document';
export * from './read-model-repository';
export * from './dead-letter-log';
export * from './projection-progress';
export * from './read-model-pointer';
export * from './read-model-rebuild';
export * from './rebuild-rate';
