import { AuthConfig } from '@app/config';
import { Actor } from '@app/domain';
import { createRemoteJWKSet, errors, importSPKI, jwtVerify, JWTVerifyGetKey, KeyLike } from 'jose';
import { actorFromClaims, InvalidTokenClaims } from './token-claims';

/** Only these; never `none`, and never an HMAC algorithm when the key is public (algorithm confusion). */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const MAX_TOKEN_LENGTH = 8192;

/** Why a request or message is not authenticated; the message is safe to show the caller. */
export class AuthenticationFailed extends Error {}

type VerificationKey = Uint8Array | KeyLike | JWTVerifyGetKey;

/**
 * Checks a bearer token's signature, issuer, audience and lifetime, and names the actor it
 * carries. The same for HTTP requests (the Authorization header) and Kafka commands (the
 * `authorization` header of the message).
 */
export class BearerTokenVerifier {
  private readonly key: Promise<VerificationKey>;
  private readonly algorithms: string[];

  /** The oldest a Kafka command's token may be, in seconds; 0: no limit. */
  get kafkaMaxTokenAgeSeconds(): number {
    return this.config.kafkaMaxTokenAgeSeconds;
  }

  /** The tenant whose tokens' Operator role is honoured, if any. */
  get operatorTenantId(): string | undefined {
    return this.config.operatorTenantId;
  }

  constructor(private readonly config: AuthConfig) {
    const { keys } = config;
    this.algorithms = keys.kind === 'secret' ? ['HS256', 'HS384', 'HS512'] : ASYMMETRIC_ALGORITHMS;
    this.key =
      keys.kind === 'secret'
        ? Promise.resolve(new TextEncoder().encode(keys.secret))
        : keys.kind === 'jwks-url'
          ? Promise.resolve(createRemoteJWKSet(new URL(keys.url)))
          : importAnySpki(keys.pem);
  }

  /**
   * `Bearer <token>` to the actor, or AuthenticationFailed saying what is wrong. A token
   * older than `maxAgeSeconds` by its `iat` is refused (and one without `iat`) when given.
   */
  async actorFrom(authorization: string | undefined, { maxAgeSeconds = 0 }: { maxAgeSeconds?: number } = {}): Promise<Actor> {
    if (authorization === undefined || authorization === '')
      throw new AuthenticationFailed('A bearer token is required: send Authorization: Bearer <token>');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
    if (!match) throw new AuthenticationFailed('Authorization must be "Bearer " followed by a JWT');
    if (match[1].length > MAX_TOKEN_LENGTH) throw new AuthenticationFailed(`The token is longer than ${MAX_TOKEN_LENGTH} characters`);
    const key = await this.key;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.algorithms,
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['exp'],
        ...(maxAgeSeconds > 0 && { maxTokenAge: maxAgeSeconds }),
      };
      const { payload } = typeof key === 'function' ? await jwtVerify(match[1], key, options) : await jwtVerify(match[1], key, options);
      return actorFromClaims(payload);
    } catch (error) {
      throw new AuthenticationFailed(reasonOf(error, maxAgeSeconds));
    }
  }
}

function reasonOf(error: unknown, maxAgeSeconds: number): string {
  if (error instanceof InvalidTokenClaims) return error.message;
  // jose reports a token past the maximum age as expired, naming the iat claim.
  if (
    (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) &&
    error.claim === 'iat' &&
    maxAgeSeconds > 0
  ) {
    return `The token was issued more than ${maxAgeSeconds} s ago (or says not when), the oldest accepted here`;
  }
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted here`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm this service does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token is signed with a key this service does not know';
  if (error instanceof errors.JOSEError) return 'The token is not a valid JWT';
  return 'The token could not be verified';
}

async function importAnySpki(pem: string): Promise<KeyLike> {
  for (const algorithm of ASYMMETRIC_ALGORITHMS) {
    try {
      return await importSPKI(pem, algorithm);
    } catch {
      // The PEM does not say which algorithm its key is for; the first that imports is it.
    }
  }
  throw new Error('AUTH_JWT_PUBLIC_KEY is not an RSA, EC or Ed25519 public key');
}
