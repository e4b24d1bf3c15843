// The auditor's toolkit: change history, point-in-time state, verification and export.
export * from './audit-trail';
export * from './change-history';
export * from './history-entry';
export * from './history-export';
export * from './history-selection';
export * from './partner-history';
export * from './read-model-differences';
export * from './state-at';
