import { writeLogLine } from '@app/logging';
import { LoggerService, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation';

const SEVERITY: Record<string, string> = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' };

/**
 * Nest's logs as one JSON object a line on stdout (what log shippers expect): time, level,
 * app, logger, message and, inside a request or a command, its correlation id. Messages
 * name commands, versions and codes; never field values.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private levels: LogLevel[],
  ) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]) {
    this.levels = levels;
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.includes(level)) return;
    // Nest passes the context last, and for errors a stack before it.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const line = {
      time: new Date().toISOString(),
      level: SEVERITY[level],
      app: this.app,
      ...(context && { logger: context }),
      message: message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
      ...(currentCorrelationId() && { correlationId: currentCorrelationId() }),
      ...(stack && { stack }),
      ...(message instanceof Error && { stack: message.stack }),
    };
    writeLogLine(line);
  }
}
