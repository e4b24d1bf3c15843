import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { AuthenticationFailed, BearerTokenVerifier } from './bearer-token-verifier';
import { mintLocalToken } from './local-token';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const CONFIG = {
  issuer: 'customer-account-local',
  audience: 'customer-account-service',
  clockToleranceSeconds: 30,
  kafkaMaxTokenAgeSeconds: 0,
};
const ACTOR = {
  userPrincipalName: 'admin@partner.example',
  applicationId: 'crm',
  partnerId: '4b9e1f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  roles: ['AdminAgent' as const],
};
const withSecret = new BearerTokenVerifier({ ...CONFIG, keys: { kind: 'secret', secret: SECRET } });
const mint = (overrides: Partial<Parameters<typeof mintLocalToken>[1]> = {}) =>
  mintLocalToken(ACTOR, { secret: SECRET, issuer: CONFIG.issuer, audience: CONFIG.audience, expiresIn: 60, ...overrides });
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error) => (error instanceof AuthenticationFailed ? error.message : `unexpected ${error}`),
  );

describe('BearerTokenVerifier', () => {
  it('names the actor of a valid token', async () => {
    await expect(withSecret.actorFrom(`Bearer ${mint()}`)).resolves.toEqual(ACTOR);
  });

  it('says what is wrong with every other', async () => {
    expect(await reason(withSecret.actorFrom(undefined))).toBe('A bearer token is required: send Authorization: Bearer <token>');
    expect(await reason(withSecret.actorFrom('Basic dXNlcjpwdw=='))).toBe('Authorization must be "Bearer " followed by a JWT');
    expect(await reason(withSecret.actorFrom(`Bearer ${mint({ expiresIn: -120 })}`))).toBe('The token has expired');
    expect(await reason(withSecret.actorFrom(`Bearer ${mint({ secret: 'another-secret-of-at-least-32-bytes!!!' })}`))).toBe(
      'The token signature is not valid',
    );
    expect(await reason(withSecret.actorFrom(`Bearer ${mint({ audience: 'another-service' })}`))).toBe(
      "The token's aud claim is not accepted here",
    );
    expect(await reason(withSecret.actorFrom(`Bearer ${mint({ issuer: 'someone-else' })}`))).toBe(
      "The token's iss claim is not accepted here",
    );
  });

  it('refuses an unsigned token (alg none) and claims it cannot use', async () => {
    const [, payload] = mint().split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(await reason(withSecret.actorFrom(`Bearer ${unsigned}`))).toBe(
      'The token is signed with an algorithm this service does not accept',
    );
    const noTenant = await new SignJWT({ upn: 'a@b.example', appid: 'x', roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(CONFIG.issuer)
      .setAudience(CONFIG.audience)
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect(await reason(withSecret.actorFrom(`Bearer ${noTenant}`))).toBe('The token lacks valid claims: tid (the partner tenant GUID)');
  });

  it('verifies with a public key, and then refuses HMAC tokens signed with that key text (algorithm confusion)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const pem = await exportSPKI(publicKey);
    const withKey = new BearerTokenVerifier({ ...CONFIG, keys: { kind: 'public-key', pem } });
    const claims = {
      upn: ACTOR.userPrincipalName,
      appid: ACTOR.applicationId,
      tid: ACTOR.partnerId,
      roles: ['Auditor', 'SomeOtherServiceRole'],
    };
    const signed = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(CONFIG.issuer)
      .setAudience(CONFIG.audience)
      .setExpirationTime('1m')
      .sign(privateKey);
    await expect(withKey.actorFrom(`Bearer ${signed}`)).resolves.toEqual({ ...ACTOR, roles: ['Auditor'] });
    const confused = mintLocalToken(ACTOR, { secret: pem, issuer: CONFIG.issuer, audience: CONFIG.audience, expiresIn: 60 });
    expect(await reason(withKey.actorFrom(`Bearer ${confused}`))).toBe(
      'The token is signed with an algorithm this service does not accept',
    );
  });

  it('given a maximum age, refuses a token issued longer ago, still valid by its expiry, that someone lifted from a message at rest', async () => {
    const lifted = mint({ now: new Date(Date.now() - 600_000), expiresIn: 3_600 });
    expect(await reason(withSecret.actorFrom(`Bearer ${lifted}`))).toBe('accepted');
    expect(await reason(withSecret.actorFrom(`Bearer ${lifted}`, { maxAgeSeconds: 300 }))).toBe(
      'The token was issued more than 300 s ago (or says not when), the oldest accepted here',
    );
    await expect(withSecret.actorFrom(`Bearer ${mint()}`, { maxAgeSeconds: 300 })).resolves.toEqual(ACTOR);
  });
});
