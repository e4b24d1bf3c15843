import { ErrorCodes } from '@app/domain';
import { NextFunction, Request, Response } from 'express';
import { problem } from '../problems/problem';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every request but a read: the commands. */
export const isCommand = (request: Request): boolean => !READS.has(request.method);

/** The audit's reads, which fold, decrypt or scan whole streams; the console's page and script are not among them. */
export const isAuditRead = (request: Request): boolean =>
  READS.has(request.method) && request.path.startsWith('/audit/') && !request.path.startsWith('/audit/console');

/**
 * A bound on the requests of one kind (commands, audit reads) an instance has under way: the
 * next one is answered 503 with Retry-After at once, before its body is read or its token
 * checked, and nothing of it is decided, so that the same request sent again is answered once.
 * A load above what the machine can answer would otherwise queue without end, each answer
 * later than the client waits, and clients that retry add to it. Turned away after the body and
 * the token, a request cost nearly what answering it does, and the accepted rate fell with the load.
 */
export class CommandAdmission {
  private underWay = 0;

  constructor(
    private readonly limit: number,
    private readonly turnedAway: () => void,
    private readonly counts: (request: Request) => boolean = isCommand,
    private readonly what = 'commands',
  ) {}

  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (!this.counts(request)) return next();
    if (this.underWay >= this.limit) {
      this.turnedAway();
      const body = problem(
        'unavailable',
        ErrorCodes.InvalidRequestInput,
        `This instance is answering ${this.underWay} ${this.what}, its limit: send this one again in a second (with the same MS-RequestId, it is answered once)`,
      );
      response.status(503).setHeader('Retry-After', '1');
      response.type('application/problem+json').json({ ...body, instance: request.originalUrl });
      return;
    }
    this.underWay += 1;
    let counted = true;
    const done = () => {
      if (counted) this.underWay -= 1;
      counted = false;
    };
    response.on('finish', done);
    response.on('close', done);
    next();
  };
}
