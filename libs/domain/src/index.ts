// The pure customer-account domain: no framework, no I/O, no clock.
export * from './account/actor';
export * from './account/address';
export * from './account/billing-profile';
export * from './account/company-profile';
export * from './account/customer-account';
export * from './account/purchase-permission';
export * from './commands/command-metadata';
export * from './commands/customer-account-command';
export * from './events/customer-account-event';
export * from './events/field-change';
export * from './events/recorded-event';
export * from './errors/domain-error';
export * from './errors/error-codes';
export * from './errors/field-error';
export { authorizeRead } from './rules/authorization';
export { decide } from './decide';
export { evolve, fold } from './evolve';
