import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtension,
  ApiHeader,
  ApiHeaderOptions,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CustomerAccountCommandType, MAY_AUDIT, MAY_ISSUE } from '@app/domain';
import { COMMAND_HEADERS, CORRELATION_ID, IF_MATCH, REQUEST_ID, REQUIRED_CHANGE_REASON, TRACEPARENT } from './api-headers';
import { CommandResultDto } from './command-result.dto';
import { ProblemDto } from './problem.dto';

/**
 * The statuses a caller can provoke, each answered with problem details. A write: bad input,
 * no token, not allowed, the id used for another command (and, registering, the customer
 * exists), too large, not JSON in UTF-8, the instance at its limit of commands under way.
 */
export const WRITE_ERRORS = [400, 401, 403, 409, 413, 415, 503];
export const UPDATE_ERRORS = [...WRITE_ERRORS, 404, 412, 428];
export const READ_ERRORS = [400, 401, 403, 404];
/** Audit reads pass admission control: 503 with Retry-After past MAX_HTTP_AUDIT_READS_IN_FLIGHT. */
export const AUDIT_READ_ERRORS = [...READ_ERRORS, 503];

interface GuardedRoute {
  summary: string;
  /** Who may call it, from the domain's tables: the code's rule and the document's are one. */
  roles: readonly string[];
  headers?: ApiHeaderOptions[];
  body?: Type<unknown>;
  /** The success status and the shape answered; no type is a JSON object described in the summary. */
  ok: { status: number; type?: Type<unknown> };
  errors: number[];
  /** Partner Center's routes under /v1 answer errors in its body; ours in problem details. */
  errorBody?: Type<unknown>;
}

/** An operation that takes a bearer token, described from one place: roles, headers, body, answers. */
export function ApiRoute({ summary, roles, headers = [], body, ok, errors, errorBody }: GuardedRoute) {
  return applyDecorators(
    ApiOperation({ summary, description: `Roles: ${roles.join(', ')}.` }),
    ApiExtension('x-roles', roles),
    ApiBearerAuth('bearer'),
    ...headers.map((header) => ApiHeader(header)),
    ...(body ? [ApiConsumes('application/json', 'application/merge-patch+json'), ApiBody({ type: body, required: true })] : []),
    ok.type
      ? ApiResponse({ status: ok.status, description: 'Success', type: ok.type })
      : ApiResponse({ status: ok.status, description: 'Success', schema: { type: 'object' } }),
    ...errors.map((status) =>
      ApiResponse({
        status,
        description: errorBody ? "Partner Center's error body" : 'Problem details',
        content: errorBody
          ? { 'application/json': { schema: { $ref: getSchemaPath(errorBody) } } }
          : { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

/** An operation anyone may call: no token, no customer data. */
export function ApiPublicRoute(summary: string, responses: Record<number, string> = { 200: 'Success' }) {
  return applyDecorators(
    ApiOperation({ summary }),
    ...Object.entries(responses).map(([status, description]) => ApiResponse({ status: Number(status), description })),
  );
}

interface CommandRouteOptions {
  summary?: string;
  /** Whole-account and resource writes take If-Match; a registration and a forget do not. */
  ifMatch?: boolean;
  reasonRequired?: boolean;
  body?: Type<unknown>;
  ok?: number;
  errors?: number[];
}

/** A command over HTTP: the roles that may issue it, the command headers, a CommandResult. */
export function ApiCommandRoute(
  commandType: CustomerAccountCommandType,
  { summary = commandType, ifMatch = true, reasonRequired = false, body, ok = 200, errors = UPDATE_ERRORS }: CommandRouteOptions = {},
) {
  const headers = reasonRequired ? [REQUEST_ID, CORRELATION_ID, REQUIRED_CHANGE_REASON, TRACEPARENT] : COMMAND_HEADERS;
  return ApiRoute({
    summary,
    roles: MAY_ISSUE[commandType],
    headers: ifMatch ? [IF_MATCH, ...headers] : headers,
    body,
    ok: { status: ok, type: CommandResultDto },
    errors,
  });
}

/** An audit read of the partner's own records: auditors and global admins, a JSON answer. */
export function ApiAuditRoute(summary: string, errors: number[] = [400, 401, 403, 503]) {
  return ApiRoute({ summary, roles: MAY_AUDIT, ok: { status: 200 }, errors });
}
