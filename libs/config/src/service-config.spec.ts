import { loadAuthConfig } from './auth-config';
import { ConfigError, loadConfig, requireSigningKey } from './service-config';

describe('loadConfig', () => {
  const KEY = { PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };

  it('has defaults for a local run, all but the master key', () => {
    expect(loadConfig(KEY)).toMatchObject({
      httpPort: 3000,
      kafkaBrokers: ['127.0.0.1:9092'],
      topicPrefix: 'customer-account',
      outboxGatherMs: 3,
    });
  });

  it('takes the integrity signing key as PEM, and the command side refuses to start without one', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGKmp09Lq378lw/OR2nz69l9nZXO8QKZXUINn9K5olyc\n-----END PRIVATE KEY-----';
    expect(requireSigningKey(loadConfig({ ...KEY, INTEGRITY_SIGNING_KEY: pem }))).toBe(pem);
    expect(() => requireSigningKey(loadConfig(KEY))).toThrow(/INTEGRITY_SIGNING_KEY \(or INTEGRITY_SIGNING_KEY_FILE\) is required/);
    expect(() => loadConfig({ ...KEY, INTEGRITY_SIGNING_KEY: 'a shared secret' })).toThrow(/must be an Ed25519 private key in PKCS#8 PEM/);
  });

  it('takes the command types that need a reason for change, and names any it does not know', () => {
    expect(loadConfig(KEY).reasonRequiredFor).toEqual([]);
    expect(loadConfig({ ...KEY, REASON_REQUIRED_FOR: 'GrantPurchasePermission, ForgetCustomerPersonalData' }).reasonRequiredFor).toEqual([
      'GrantPurchasePermission',
      'ForgetCustomerPersonalData',
    ]);
    expect(() => loadConfig({ ...KEY, REASON_REQUIRED_FOR: 'GrantPurchasePermission,DeleteEverything' })).toThrow(/names DeleteEverything/);
  });

  it('reads brokers as a list', () => {
    expect(loadConfig({ ...KEY, KAFKA_BROKERS: 'a:1,b:2' }).kafkaBrokers).toEqual(['a:1', 'b:2']);
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ ...KEY, HTTP_PORT: 'eighty', MONGODB_URI: 'postgres://x', TOPIC_PARTITIONS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'HTTP_PORT="eighty" must be a whole number from 0 to 65535',
      'MONGODB_URI="postgres://x" must be a mongodb:// or mongodb+srv:// URI',
      'TOPIC_PARTITIONS="0" must be a whole number from 1 to 1000',
    ]);
  });

  const problemsOf = (load: () => unknown): string[] => {
    try {
      load();
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('cuts slow clients off after short header and request timeouts, the headers within the request', () => {
    expect(loadConfig(KEY)).toMatchObject({ httpHeadersTimeoutMs: 5_000, httpRequestTimeoutMs: 10_000 });
    expect(problemsOf(() => loadConfig({ ...KEY, HTTP_HEADERS_TIMEOUT_MS: '20000' }))).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS: the request includes its headers',
    ]);
  });

  it('needs a master key of 32 bytes, and never prints it', () => {
    expect(problemsOf(() => loadConfig({}))).toEqual([
      expect.stringMatching(/^PERSONAL_DATA_MASTER_KEY \(or PERSONAL_DATA_MASTER_KEY_FILE\) is required/),
    ]);
    const short = Buffer.alloc(16, 9).toString('base64');
    expect(problemsOf(() => loadConfig({ PERSONAL_DATA_MASTER_KEY: short }))).toEqual([
      'PERSONAL_DATA_MASTER_KEY must be 32 bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`)',
    ]);
  });

  it('reads secrets from _FILE variables and names an unreadable file', () => {
    expect(problemsOf(() => loadConfig({ PERSONAL_DATA_MASTER_KEY_FILE: '/nonexistent/key' }))).toEqual([
      'PERSONAL_DATA_MASTER_KEY_FILE="/nonexistent/key" cannot be read: ENOENT',
    ]);
  });

  it('takes Kafka SASL and TLS settings only when complete', () => {
    expect(problemsOf(() => loadConfig({ ...KEY, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'svc' }))).toEqual([
      'KAFKA_SASL_MECHANISM=scram-sha-512 needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)',
    ]);
    expect(problemsOf(() => loadConfig({ ...KEY, KAFKA_SASL_MECHANISM: 'gssapi' }))[0]).toBe(
      'KAFKA_SASL_MECHANISM="gssapi" must be plain, scram-sha-256, scram-sha-512',
    );
    expect(
      loadConfig({ ...KEY, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })
        .kafkaSecurity,
    ).toEqual({
      ssl: true,
      caFile: undefined,
      sasl: { mechanism: 'plain', username: 'svc', password: 'pw' },
    });
    expect(problemsOf(() => loadConfig({ ...KEY, MONGODB_TLS: 'yes' }))).toEqual(['MONGODB_TLS="yes" must be true or false']);
  });
});

describe('loadAuthConfig', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadAuthConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('takes exactly one key source', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^Set exactly one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY .* 0 are set$/)]);
    expect(problemsOf({ AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWKS_URL: 'https://login.example/keys' })).toEqual([
      expect.stringMatching(/2 are set$/),
    ]);
    expect(loadAuthConfig({ AUTH_JWKS_URL: 'https://login.example/keys' }).keys).toEqual({
      kind: 'jwks-url',
      url: 'https://login.example/keys',
    });
  });

  it('refuses a short shared secret and a key that is not a PEM public key', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'short' })).toEqual(['AUTH_JWT_SECRET must be at least 32 bytes']);
    expect(problemsOf({ AUTH_JWT_PUBLIC_KEY: 'not a key' })).toEqual([
      'AUTH_JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)',
    ]);
  });
});
