/**
 * Partner Center's error codes, as docs/domain.md lists them. Each kind of failure has one
 * HTTP status; transports translate the kind, the domain never speaks HTTP.
 */
export const ErrorCodes = {
  InvalidProperty: 3000,
  InvalidRequestInput: 800002,
  PhoneNumberRequired: 600051,
  /** The registration-number codes are Partner Center's; which failure each names is ours (docs/domain.md). */
  RegistrationNumberRequired: 600002,
  RegistrationNumberInvalid: 600049,
  RegistrationNumberNotAllowed: 600050,
  Unauthenticated: 800001,
  RoleNotAllowed: 900150,
  CustomerOfAnotherPartner: 20002,
  CustomerNotFound: 60003,
  CustomerAlreadyExists: 600041,
  EtagNoLongerValid: 2055,
  /** Ours: the service failed on this command; it was set aside with the reason, and may be sent again. */
  CommandFailed: 800500,
  /** Ours: the customer is on legal hold, and its personal data cannot be forgotten until the hold is released. */
  CustomerOnLegalHold: 800423,
  /** Ours: the configuration requires a reason for change of this command type, and none was given. */
  ReasonRequired: 800420,
  /** Ours: no export of the caller's partner has that id (its manifest is stored once the file is whole). */
  ExportNotFound: 800404,
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export type ErrorKind =
  'invalid-input' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'precondition-required' | 'stale-version';
