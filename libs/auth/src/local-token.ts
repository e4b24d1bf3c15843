import { Actor } from '@app/domain';
import { createHmac } from 'node:crypto';
import { claimsOf } from './token-claims';

export interface LocalTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  /** Seconds from `now`; negative mints an expired token. */
  expiresIn: number;
  now?: Date;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * An HS256 token for local runs and tests, signed with the same shared secret the service
 * is configured with. Production tokens come from the partner's identity provider.
 */
export function mintLocalToken(actor: Actor, options: LocalTokenOptions): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ ...claimsOf(actor), iss: options.issuer, aud: options.audience, iat, exp: iat + options.expiresIn }),
  );
  const signature = createHmac('sha256', options.secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
