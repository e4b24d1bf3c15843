import { GUID } from '@app/domain';
import { ConfigError, Env, EnvReader } from './env-reader';

/** Where the keys that sign bearer tokens come from: exactly one of these is configured. */
export type TokenKeySource = { kind: 'secret'; secret: string } | { kind: 'public-key'; pem: string } | { kind: 'jwks-url'; url: string };

export interface AuthConfig {
  issuer: string;
  audience: string;
  keys: TokenKeySource;
  /** Allowed clock difference between the token's issuer and this service. */
  clockToleranceSeconds: number;
  /**
   * The oldest a Kafka command's token may be, by its `iat`, when the command is taken: a
   * token at rest in a message header cannot be lifted and used for long. 0: no limit.
   */
  kafkaMaxTokenAgeSeconds: number;
  /** The platform team's tenant: only its tokens' Operator role is honoured. None: no operator over HTTP. */
  operatorTenantId?: string;
}

/** HS256 needs at least as many bytes of key as the hash has (RFC 7518 section 3.2). */
const MIN_SECRET_BYTES = 32;

/** Token verification settings of the account service (the projector and the CLI need none). */
export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const read = new EnvReader(env);
  const issuer = read.text('AUTH_JWT_ISSUER', 'customer-account-local', /^\S{1,256}$/, '1 to 256 characters without spaces');
  const audience = read.text('AUTH_JWT_AUDIENCE', 'customer-account-service', /^\S{1,256}$/, '1 to 256 characters without spaces');
  const clockToleranceSeconds = read.int('AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300);
  const kafkaMaxTokenAgeSeconds = read.int('AUTH_KAFKA_MAX_TOKEN_AGE_SECONDS', 0, 0, 7 * 24 * 3600);
  const operatorTenantId = read.optional('AUTH_OPERATOR_TENANT_ID', GUID, 'a tenant GUID')?.toLowerCase();
  const secret = read.secret('AUTH_JWT_SECRET');
  const pem = read.secret('AUTH_JWT_PUBLIC_KEY');
  const url = read.optional('AUTH_JWKS_URL', /^https?:\/\/\S+$/, 'an http(s) URL');
  const sources: TokenKeySource[] = [
    ...(secret !== undefined ? [{ kind: 'secret' as const, secret }] : []),
    ...(pem !== undefined ? [{ kind: 'public-key' as const, pem }] : []),
    ...(url !== undefined ? [{ kind: 'jwks-url' as const, url }] : []),
  ];
  if (sources.length !== 1) {
    read.problem(
      `Set exactly one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY (or their _FILE forms) and AUTH_JWKS_URL to verify bearer tokens; ${sources.length} are set`,
    );
  }
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_SECRET_BYTES)
    read.problem(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  if (pem !== undefined && !pem.includes('-----BEGIN PUBLIC KEY-----'))
    read.problem('AUTH_JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return {
    issuer,
    audience,
    keys: sources[0],
    clockToleranceSeconds,
    kafkaMaxTokenAgeSeconds,
    ...(operatorTenantId && { operatorTenantId }),
  };
}
