import { CustomerAccountCommandType } from '../commands/customer-account-command';
import { DomainError } from '../errors/domain-error';
import { ErrorCodes } from '../errors/error-codes';

/** The longest reason a command may carry, in characters (code points). */
export const MAX_REASON_LENGTH = 500;

/** Control characters, and lone surrogates (which no store or file can keep). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_PLAIN_TEXT = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A command's reason for change as its sender gave it: bounded plain text on one line, kept
 * as given (only the ends trimmed), or absent. Anything else is refused, naming the field.
 */
export function parseReason(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const refuse = (reason: string) => {
    throw new DomainError('invalid-input', ErrorCodes.InvalidProperty, `${field} ${reason}`, [
      { field, reason, code: ErrorCodes.InvalidProperty },
    ]);
  };
  if (typeof value !== 'string') return refuse('must be text');
  const reason = value.trim();
  if (reason.length === 0) return refuse('must not be empty: leave it out instead');
  if (NOT_PLAIN_TEXT.test(reason)) return refuse('must be plain text on one line, without control characters');
  if ([...reason].length > MAX_REASON_LENGTH) return refuse(`must be at most ${MAX_REASON_LENGTH} characters`);
  return reason;
}

/** Commands that always need a reason, whatever the configuration: a legal hold says why it holds. */
export const ALWAYS_WITH_A_REASON: readonly CustomerAccountCommandType[] = ['PlaceLegalHold', 'ReleaseLegalHold'];

/** Where the configuration (or the command's nature) asks a reason of a command type, a command without one is refused. */
export function requireReason(
  type: CustomerAccountCommandType,
  reason: string | undefined,
  requiredFor: ReadonlySet<CustomerAccountCommandType> = new Set(),
): void {
  if (reason === undefined && (requiredFor.has(type) || ALWAYS_WITH_A_REASON.includes(type)))
    throw new DomainError('invalid-input', ErrorCodes.ReasonRequired, `${type} needs a reason for the change, and this one gave none`, [
      { field: 'reason', reason: 'is required for this command', code: ErrorCodes.ReasonRequired },
    ]);
}
