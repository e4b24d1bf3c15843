import { ErrorCode } from './error-codes';

/** One thing wrong with one field, named by its path in the command (`billingProfile.email`). */
export interface FieldError {
  field: string;
  reason: string;
  code: ErrorCode;
}
