import { isUtf8 } from 'node:buffer';

/** Body-parser's `verify` hook: an error with `type` is mapped by ProblemDetailsFilter to 400. */
export function refuseInvalidUtf8(_request: unknown, _response: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('The body is not valid UTF-8'), { status: 400, type: 'encoding.invalid-utf8' });
}
