export * from './customer-key-store';
export * from './personal-data-vault';
export * from './personal-values';
export * from './sealed-value';
export * from './sealed-value-does-not-open';
