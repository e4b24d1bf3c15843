import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Paths whose values never reach a log line: credentials in request headers, and anything
 * that holds an account's field values (bodies, payloads, profiles, changes), at any depth
 * pino's redaction reaches. Lines name commands, versions and codes instead.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-change-reason"]',
  'res.headers["set-cookie"]',
  'body',
  'payload',
  'value',
  'billingProfile',
  'companyProfile',
  '*.body',
  '*.payload',
  '*.value',
  '*.billingProfile',
  '*.companyProfile',
  '*.oldValue',
  '*.newValue',
  '*.*.billingProfile',
  '*.*.companyProfile',
];

/** Our levels (LOG_LEVEL) in pino's names. */
const PINO_LEVELS: Record<string, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

let context: () => Record<string, unknown> = () => ({});
let root: Logger | undefined;

/** What every line carries besides its own fields: the conversation it belongs to. */
export function setLogContext(provide: () => Record<string, unknown>): void {
  context = provide;
}

/**
 * One pino logger for the process, in one format for Nest, kafkajs and the apps' own lines:
 * a JSON object a line with time, level, app, logger and message. To stdout, or appended to
 * LOG_FILE (the test suites set it, so that the apps' lines stay out of the test output),
 * written synchronously: a line is there once it is logged.
 */
export function rootLogger(): Logger {
  root ??= createRootLogger(
    process.env.LOG_FILE ? pino.destination({ dest: process.env.LOG_FILE, sync: true, mkdir: true, append: true }) : process.stdout,
  );
  return root;
}

export function createRootLogger(destination: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: 'trace',
    base: undefined,
    messageKey: 'message',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => context(),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return pino(options, destination);
}

/** One app's logger, at the level LOG_LEVEL names (error, warn, log or debug). */
export function appLogger(app: string, level: string): Logger {
  return rootLogger().child({ app }, { level: PINO_LEVELS[level] ?? 'info' });
}
