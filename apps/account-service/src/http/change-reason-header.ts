import { DomainError, ErrorCodes, parseReason } from '@app/domain';
import { Request } from 'express';

/** The header a command's reason for change comes in over HTTP. */
export const CHANGE_REASON_HEADER = 'X-Change-Reason';

/**
 * The reason as its sender wrote it. Header values arrive as Latin-1: text beyond ASCII is
 * either sent as raw UTF-8 (read back as such) or percent-encoded UTF-8 (decoded when every %
 * starts an escape; otherwise a % is taken literally).
 */
export function changeReasonOf(request: Request): string | undefined {
  const raw = request.header(CHANGE_REASON_HEADER);
  return raw === undefined ? undefined : parseReason(decoded(raw), CHANGE_REASON_HEADER);
}

function decoded(raw: string): string {
  if (/[\u0080-\uffff]/.test(raw)) {
    const text = Buffer.from(raw, 'latin1').toString('utf8');
    if (text.includes('\ufffd')) refuse('is not UTF-8: send UTF-8, or percent-encode it');
    return text;
  }
  if (!raw.includes('%') || /%(?![0-9A-Fa-f]{2})/.test(raw)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return refuse('is percent-encoded, but not as UTF-8');
  }
}

function refuse(reason: string): never {
  throw new DomainError('invalid-input', ErrorCodes.InvalidProperty, `${CHANGE_REASON_HEADER} ${reason}`, [
    { field: CHANGE_REASON_HEADER, reason, code: ErrorCodes.InvalidProperty },
  ]);
}
