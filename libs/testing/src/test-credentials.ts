import { mintLocalToken } from '@app/auth';
import { Actor, Role } from '@app/domain';
import { EventStore } from '@app/event-store';
import { CustomerKeyStore, PersonalDataVault } from '@app/personal-data';
import { Db } from 'mongodb';

/** The secrets every test run configures its apps with: test-only values, never deployed. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-of-at-least-32-bytes';
export const TEST_PERSONAL_DATA_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
export const TEST_INTEGRITY_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGKmp09Lq378lw/OR2nz69l9nZXO8QKZXUINn9K5olyc
-----END PRIVATE KEY-----`;
const ISSUER = 'customer-account-local';
const AUDIENCE = 'customer-account-service';

export interface TestActor {
  partnerId: string;
  userPrincipalName: string;
  applicationId: string;
  roles: string[];
}

export type TokenKind = 'valid' | 'expired' | 'forged';

/** A token the service accepts; or one that expired an hour ago; or one signed with another secret. */
export function tokenFor(who: TestActor, kind: TokenKind = 'valid'): string {
  const actor = { ...who, roles: who.roles as Role[] } satisfies Actor;
  const secret = kind === 'forged' ? 'an-attackers-secret-that-is-32-bytes-long' : TEST_JWT_SECRET;
  return mintLocalToken(actor, { secret, issuer: ISSUER, audience: AUDIENCE, expiresIn: kind === 'expired' ? -3600 : 3600 });
}

export function bearer(who: TestActor, kind: TokenKind = 'valid'): string {
  return `Bearer ${tokenFor(who, kind)}`;
}

/**
 * The event store over a test database, with the keys in the keys database beside `keysOf`, as
 * the apps keep them; every commit in outbox shard 0 unless `outboxShardOf` says otherwise.
 */
export function eventStoreFor(db: Db, keysOf: Db = db, outboxShardOf?: (customerId: string) => number): EventStore {
  const keys = new CustomerKeyStore(db.client.db(`${keysOf.databaseName}_keys`), Buffer.from(TEST_PERSONAL_DATA_MASTER_KEY, 'base64'));
  return new EventStore(db, new PersonalDataVault(keys), outboxShardOf);
}
