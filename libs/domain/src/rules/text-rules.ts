import { ErrorCodes } from '../errors/error-codes';
import { FieldError } from '../errors/field-error';

/** Collects field errors for one validation pass; each check names the field it judges. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  /** Fields whose absence is allowed because a forget erased them (account paths). */
  constructor(private readonly erased: ReadonlySet<string> = new Set()) {}

  add(field: string, reason: string, code: FieldError['code'] = ErrorCodes.InvalidProperty): void {
    this.list.push({ field, reason, code });
  }

  /** A personal field a forget erased and nobody gave again: it may stay absent. */
  isErased(field: string): boolean {
    return this.erased.has(field);
  }

  /** Required text of bounded length. */
  required(field: string, value: string | undefined, max: number): boolean {
    if (value === undefined || value.length === 0) {
      if (value === undefined && this.isErased(field)) return false;
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
