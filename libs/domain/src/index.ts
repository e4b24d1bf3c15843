// The pure customer-account domain: no framework, no I/O, no clock.
export * from './account/actor';
export * from './account/identifiers';
export * from './account/address';
export * from './account/billing-profile';
export * from './account/company-profile';
export * from './account/customer-account';
export * from './account/personal-data';
export * from './account/purchase-permission';
export * from './commands/command-metadata';
export * from './commands/customer-account-command';
export * from './commands/trace-context';
export * from './events/customer-account-event';
export * from './events/field-change';
export { diffFields, withValueAt } from './events/field-changes';
export * from './events/recorded-event';
export * from './events/upcast-event';
export * from './events/operation-types';
export * from './errors/domain-error';
export * from './errors/error-codes';
export * from './errors/field-error';
export {
  authorizeAudit,
  authorizeOperator,
  authorizeRead,
  authorizeReplay,
  MAY_AUDIT,
  MAY_ISSUE,
  MAY_OPERATE,
  MAY_READ,
} from './rules/authorization';
export { ALWAYS_WITH_A_REASON, MAX_REASON_LENGTH, parseReason, requireReason } from './rules/change-reason';
export { countryRulesOf, LISTED_COUNTRIES, REGISTRATION_NUMBER_COUNTRIES } from './rules/country-rules';
export type { CountryRules } from './rules/country-rules';
export { COUNTRY_CODES } from './rules/countries';
export { decide } from './decide';
export { evolve, fold } from './evolve';
