import { ErrorCodes } from '../errors/error-codes';
import { FieldError } from '../errors/field-error';

/** Collects field errors for one validation pass; each check names the field it judges. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  add(field: string, reason: string, code: FieldError['code'] = ErrorCodes.InvalidProperty): void {
    this.list.push({ field, reason, code });
  }

  /** Required text of bounded length. */
  required(field: string, value: string | undefined, max: number): boolean {
    if (value === undefined || value.length === 0) {
      this.add(field, 'is required');
      return false;
    }
    return this.maxLength(field, value, max);
  }

  /** Optional text of bounded length. */
  optional(field: string, value: string | undefined, max: number): boolean {
    return value === undefined || this.maxLength(field, value, max);
  }

  matches(field: string, value: string, pattern: RegExp, what: string): boolean {
    if (pattern.test(value)) return true;
    this.add(field, `must be ${what}`);
    return false;
  }

  private maxLength(field: string, value: string, max: number): boolean {
    if (value.length <= max) return true;
    this.add(field, `must be at most ${max} characters`);
    return false;
  }
}
