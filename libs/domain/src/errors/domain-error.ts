import { ErrorCode, ErrorCodes, ErrorKind } from './error-codes';
import { FieldError } from './field-error';

/** A broken business rule. The only error `decide` throws. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The first error decides the code: a missing phone reads better as 600051 than as 3000. */
  static invalid(fieldErrors: FieldError[]): DomainError {
    const summary = fieldErrors.map((error) => `${error.field}: ${error.reason}`).join('; ');
    return new DomainError('invalid-input', fieldErrors[0].code, `Invalid input. ${summary}`, fieldErrors);
  }

  static invalidField(field: string, reason: string): DomainError {
    return DomainError.invalid([{ field, reason, code: ErrorCodes.InvalidProperty }]);
  }
}
