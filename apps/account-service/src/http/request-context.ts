import { changeReasonOf } from './change-reason-header';
import { AccountResource, Actor, CommandMetadata, DomainError, ErrorCodes, GUID, ID, parseTraceContext } from '@app/domain';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { CustomerAccountDocument } from '@app/read-model';
import { MIN_VERSION_HEADER } from '../openapi/api-headers';
import { invalidRequest, problem } from '../problems/problem';
import { AuthenticatedRequest } from './bearer-token.guard';
import { ProblemException } from './problem.exception';

/** The actor BearerTokenGuard verified; a route without it is a wiring mistake, not a client's. */
export function actorOf(request: AuthenticatedRequest): Actor {
  if (!request.actor) throw new Error(`${request.method} ${request.path} has no verified actor: is it wrongly marked public?`);
  return request.actor;
}

/** `"7"` (or `W/"7"`) to 7; `*` to undefined, meaning whatever version is current. */
export function expectedVersionFromIfMatch(request: Request): number | undefined {
  const ifMatch = request.header('if-match');
  if (ifMatch === undefined) {
    throw new ProblemException(
      problem(
        'precondition-required',
        ErrorCodes.InvalidRequestInput,
        'If-Match is required: send the ETag of the account as last read, or * to apply to any version',
      ),
    );
  }
  if (ifMatch.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
  if (!match) throw new ProblemException(invalidRequest(`If-Match ${JSON.stringify(ifMatch)} is not an ETag of this service, such as "3"`));
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Everything a command takes from the request besides its body and its verified actor,
 * checked in the order a client fixes them: which version you saw (428), then the request id.
 */
export function commandMetadata(request: Request, requireIfMatch: boolean, ifMatchResource?: AccountResource): CommandMetadata {
  const actor = actorOf(request);
  const ifMatch = requireIfMatch ? expectedVersionFromIfMatch(request) : undefined;
  // On a resource's route the ETag is the resource's: other resources may have changed since.
  const expectedVersion = ifMatchResource === undefined ? ifMatch : undefined;
  const expectedResourceVersion =
    ifMatchResource !== undefined && ifMatch !== undefined ? { resource: ifMatchResource, version: ifMatch } : undefined;
  const requestId = headerId(request, 'MS-RequestId');
  const commandId = requestId ?? randomUUID();
  const reason = changeReasonOf(request);
  const trace = parseTraceContext(request.header('traceparent'), request.header('tracestate'));
  return {
    commandId,
    ...(requestId === undefined && { commandIdIssuedByService: true }),
    correlationId: headerId(request, 'MS-CorrelationId') ?? commandId,
    actor,
    receivedAt: new Date().toISOString(),
    ...(expectedVersion !== undefined && { expectedVersion }),
    ...(expectedResourceVersion !== undefined && { expectedResourceVersion }),
    ...(reason !== undefined && { reason }),
    ...(trace !== undefined && { trace }),
  };
}

function headerId(request: Request, name: string): string | undefined {
  const value = request.header(name);
  if (value !== undefined && !ID.test(value)) {
    throw new ProblemException(invalidRequest(`${name} must be 1 to 128 letters, digits, or . _ : -`));
  }
  return value;
}

export const Acting = createParamDecorator((_data: unknown, context: ExecutionContext): Actor =>
  actorOf(context.switchToHttp().getRequest()),
);

export function requireGuid(field: string, value: string): string {
  if (!GUID.test(value))
    throw new DomainError('invalid-input', ErrorCodes.InvalidProperty, `${field} must be a GUID`, [
      { field, reason: 'must be a GUID', code: ErrorCodes.InvalidProperty },
    ]);
  return value.toLowerCase();
}

/** The X-Min-Version a read waits for: the version a write answered, to read one's own write. */
export function minVersionOf(request: Request): number | undefined {
  const value = request.header(MIN_VERSION_HEADER);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new DomainError('invalid-input', ErrorCodes.InvalidProperty, `${MIN_VERSION_HEADER} must be a version: a whole number from 1`, [
      { field: MIN_VERSION_HEADER, reason: 'must be a whole number from 1', code: ErrorCodes.InvalidProperty },
    ]);
  return Number(value);
}

/** The version of the last change to one resource of the account: its ETag. */
export function resourceVersionOf(account: CustomerAccountDocument, resource: AccountResource): number {
  // Documents written before resources had versions of their own carry none: the account's is a safe ETag for them.
  return account.resourceVersions?.[resource] ?? account.version;
}
