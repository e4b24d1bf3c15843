import { ServiceConfig } from '@app/config';
import { appLogger, setLogContext } from '@app/logging';
import { DynamicModule } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { currentCorrelationId } from './correlation';
import { CONFIG } from '../tokens';

// Inside a request or a command, every line names its conversation.
setLogContext(() => {
  const correlationId = currentCorrelationId();
  return correlationId ? { correlationId } : {};
});

/**
 * Nest's logs, each request's line and the app's own, through nestjs-pino at LOG_LEVEL: a
 * request is logged with its method, path and status only (never its headers or body), at
 * debug when answered and at error when the service failed on it.
 */
export function appLoggerModule(app: string): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [CONFIG],
    useFactory: (config: ServiceConfig) => ({
      renameContext: 'logger',
      pinoHttp: {
        logger: appLogger(app, config.logLevel),
        quietReqLogger: true,
        customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
          error || response.statusCode >= 500 ? 'error' : 'debug',
        serializers: {
          req: (request: IncomingMessage) => ({ method: request.method, url: request.url?.split('?')[0] }),
          res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
        },
      },
    }),
  });
}
