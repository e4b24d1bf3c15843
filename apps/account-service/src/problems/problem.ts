import { DomainError, ErrorCode, ErrorCodes, ErrorKind, FieldError } from '@app/domain';

/** Failures that only a transport can meet, beside the domain's own. */
export type ProblemKind = ErrorKind | 'payload-too-large' | 'unsupported-media-type' | 'unavailable' | 'busy' | 'failed';

const STATUS: Record<ProblemKind, number> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  busy: 409,
  'stale-version': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'precondition-required': 428,
  unavailable: 503,
  failed: 500,
};

const TITLE: Record<ProblemKind, string> = {
  'invalid-input': 'Invalid input',
  unauthenticated: 'Not authenticated',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Already exists',
  busy: 'Already running',
  'stale-version': 'Stale version',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  'precondition-required': 'Precondition required',
  unavailable: 'Unavailable',
  failed: 'Command failed',
};

const MAX_DETAIL = 1024;

/**
 * The one error shape of the service, over HTTP (RFC 7807 problem details) and on the
 * Kafka command-results topic alike: the same code, title, detail and field errors.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors: FieldError[];
}

export function problem(kind: ProblemKind, code: ErrorCode, detail: string, errors: FieldError[] = []): Problem {
  return {
    type: `urn:customer-account:problem:${kind}`,
    title: TITLE[kind],
    status: STATUS[kind],
    code,
    detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail,
    errors,
  };
}

export function problemFromDomainError(error: DomainError): Problem {
  return problem(error.kind, error.code, error.message, error.fieldErrors);
}

/** Input whose shape is wrong before any business rule is asked: unknown fields, wrong types. */
export function invalidInput(errors: FieldError[]): Problem {
  return problemFromDomainError(DomainError.invalid(errors));
}

export function invalidRequest(detail: string): Problem {
  return problem('invalid-input', ErrorCodes.InvalidRequestInput, detail);
}
