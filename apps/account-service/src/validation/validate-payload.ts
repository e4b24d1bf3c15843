import { ErrorCodes, FieldError } from '@app/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

type DtoClass<T> = new () => T;

const MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A UTF-16 surrogate without its pair (with the u flag, a pair is one code point and does not
 * match). UTF-8 cannot encode it: the store would keep U+FFFD, and the hash taken of the
 * value as received would no longer match the value as stored.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** U+0000: BSON keeps it in a string, but C strings (and so many tools an auditor uses) end at it. */
const NUL = '\u0000';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Checks a parsed JSON payload against a DTO: an object, no unknown fields, the right
 * types. Keys that could reach a query operator (`$…`) or an object's prototype, and text
 * the store cannot keep exactly as it came, are refused before class-transformer ever
 * copies them.
 */
export function validatePayload<T extends object>(dto: DtoClass<T>, payload: unknown, path = ''): Validated<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail(path || 'body', 'must be a JSON object');
  }
  const hostile = findHostileKey(payload, path, 0);
  if (hostile) return { ok: false, errors: [hostile] };
  const value = plainToInstance(dto, payload, { enableImplicitConversion: false, exposeDefaultValues: false });
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) return { ok: false, errors: errors.flatMap((error) => flatten(error, path)) };
  // Plain data onward: DTO instances carry every declared field, absent ones as undefined.
  return { ok: true, value: JSON.parse(JSON.stringify(value)) as T };
}

function fail(field: string, reason: string): Validated<never> {
  return { ok: false, errors: [{ field, reason, code: ErrorCodes.InvalidProperty }] };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The first key or text anywhere in the payload that must not reach the DTO, the store or a query. */
function findHostileKey(value: unknown, path: string, depth: number): FieldError | undefined {
  if (typeof value === 'string') return unstorableText(value, path);
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_DEPTH) return { field: path, reason: `nests deeper than ${MAX_DEPTH} levels`, code: ErrorCodes.InvalidRequestInput };
  for (const key of Object.keys(value)) {
    const field = join(path, key);
    if (key.startsWith('$') || FORBIDDEN_KEYS.has(key)) {
      return { field, reason: 'is not an allowed field name', code: ErrorCodes.InvalidProperty };
    }
    const nested = findHostileKey((value as Record<string, unknown>)[key], field, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

function unstorableText(value: string, field: string): FieldError | undefined {
  if (LONE_SURROGATE.test(value))
    return { field: field || 'body', reason: 'holds a lone UTF-16 surrogate, which is not Unicode text', code: ErrorCodes.InvalidProperty };
  if (value.includes(NUL)) return { field: field || 'body', reason: 'holds the character U+0000', code: ErrorCodes.InvalidProperty };
  return undefined;
}

function flatten(error: ValidationError, path: string): FieldError[] {
  const field = join(path, error.property);
  const reasons = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
    constraint === 'whitelistValidation' ? 'is not a known field' : message.replace(`${error.property} `, ''),
  );
  const own = reasons.length > 0 ? [{ field, reason: reasons.join('; '), code: ErrorCodes.InvalidProperty }] : [];
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
