// Where log lines go and what they may hold: one pino logger, redacting field values.
export * from './app-logger';
