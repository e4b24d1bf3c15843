import { EventEmitter } from 'node:events';
import { Request, Response } from 'express';
import { CommandAdmission, isAuditRead } from './command-admission';

/** Just what the middleware touches of a response: its status, headers, body and end. */
class ResponseInMemory extends EventEmitter {
  statusCode = 200;
  readonly headers = new Map<string, string>();
  body?: unknown;

  status(code: number) {
    this.statusCode = code;
    return this;
  }

  setHeader(name: string, value: string) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  type(value: string) {
    return this.setHeader('content-type', value);
  }

  json(body: unknown) {
    this.body = body;
    this.emit('finish');
    return this;
  }
}

function arrive(admission: CommandAdmission, method: string, path = '/customers/c-1') {
  const response = new ResponseInMemory();
  let passedOn = false;
  admission.middleware({ method, path, originalUrl: path } as Request, response as unknown as Response, () => (passedOn = true));
  return { response, passedOn };
}

describe('CommandAdmission', () => {
  it('given its limit of commands under way, answers the next 503 with Retry-After without passing it on, and counts it', () => {
    let turnedAway = 0;
    const admission = new CommandAdmission(2, () => (turnedAway += 1));
    expect(arrive(admission, 'PATCH').passedOn).toBe(true);
    expect(arrive(admission, 'POST').passedOn).toBe(true);

    const third = arrive(admission, 'PUT');

    expect(third.passedOn).toBe(false);
    expect(third.response.statusCode).toBe(503);
    expect(third.response.headers.get('retry-after')).toBe('1');
    expect(third.response.headers.get('content-type')).toBe('application/problem+json');
    expect(third.response.body).toMatchObject({
      status: 503,
      type: 'urn:customer-account:problem:unavailable',
      instance: '/customers/c-1',
    });
    expect(turnedAway).toBe(1);
  });

  it('given its limit reached, still passes reads on: they are not commands', () => {
    const admission = new CommandAdmission(1, () => undefined);
    arrive(admission, 'DELETE');

    expect(arrive(admission, 'GET').passedOn).toBe(true);
    expect(arrive(admission, 'HEAD').passedOn).toBe(true);
  });

  it('given a command answered, or its connection closed, takes the next: each counted once', () => {
    const admission = new CommandAdmission(1, () => undefined);
    const first = arrive(admission, 'PATCH');
    first.response.emit('finish');
    first.response.emit('close');

    const second = arrive(admission, 'PATCH');
    expect(second.passedOn).toBe(true);
    expect(arrive(admission, 'PATCH').passedOn).toBe(false);

    second.response.emit('close');
    expect(arrive(admission, 'PATCH').passedOn).toBe(true);
  });

  it('given its limit of audit reads under way, turns the next export away, and lets commands, account reads and the console through', () => {
    const admission = new CommandAdmission(1, () => undefined, isAuditRead, 'audit reads');
    expect(arrive(admission, 'GET', '/audit/history').passedOn).toBe(true);

    const next = arrive(admission, 'GET', '/audit/verification');

    expect(next.response.statusCode).toBe(503);
    expect(next.response.body).toMatchObject({ detail: expect.stringContaining('1 audit reads') });
    expect(
      [
        arrive(admission, 'GET', '/customers/c-1'),
        arrive(admission, 'PATCH', '/customers/c-1'),
        arrive(admission, 'GET', '/audit/console'),
      ].map(({ passedOn }) => passedOn),
    ).toEqual([true, true, true]);
  });
});
