import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/** How often idle keep-alive connections are dropped while the server drains. */
const DROP_IDLE_EVERY_MS = 100;

/**
 * Closing the HTTP server waits for its open connections, and a client that keeps a
 * keep-alive connection busy keeps bringing requests over it: the instance would never
 * stop. Once shutdown begins, every answer says `Connection: close`, and connections that
 * fall idle are dropped, until none is left. Requests already under way finish.
 */
@Injectable()
export class ConnectionDrain implements BeforeApplicationShutdown {
  private draining = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** To be the first middleware of the app. */
  readonly middleware = (_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void): void => {
    if (this.draining) response.setHeader('Connection', 'close');
    next();
  };

  beforeApplicationShutdown(): void {
    this.draining = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    server.closeIdleConnections();
    const dropIdle = setInterval(() => server.closeIdleConnections(), DROP_IDLE_EVERY_MS).unref();
    server.once('close', () => clearInterval(dropIdle));
  }
}
