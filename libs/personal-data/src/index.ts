export * from './customer-key-store';
export * from './personal-data-vault';
export * from './personal-values';
export * from './sealed-value';
