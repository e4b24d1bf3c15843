import { Request } from 'express';
import { invalidRequest } from '../problems/problem';
import { ProblemException } from '../http/problem.exception';

// Deeper than any resource goes; below it keys stay as sent and the payload check refuses the depth.
const MAX_DEPTH = 10;

/**
 * Partner Center reads JSON property names without regard to case, and its own examples send
 * `FirstName` and `DefaultAddress`: we take the first letter in lower case. Two names that
 * become one (`Email` and `email`) are refused rather than one silently winning.
 */
export function camelCaseKeys(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => camelCaseKeys(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = key.charAt(0).toLowerCase() + key.slice(1);
    if (Object.prototype.hasOwnProperty.call(result, name)) {
      throw new ProblemException(invalidRequest(`The property ${JSON.stringify(name)} is given twice, in different cases`));
    }
    Object.defineProperty(result, name, { value: camelCaseKeys(item, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/**
 * A resource sent back as Partner Center serves it: names in either case, and its
 * `attributes.etag` standing in for If-Match when the header is absent.
 */
export function readPartnerCenterBody(request: Request): void {
  request.body = camelCaseKeys(request.body);
  const sentEtag = (request.body as { attributes?: { etag?: unknown } } | undefined)?.attributes?.etag;
  if (request.header('if-match') === undefined && typeof sentEtag === 'string') request.headers['if-match'] = sentEtag;
}
