import { IntegrityEvidence, integrityEvidence, SigningKey, TrustedKeys } from '@app/integrity';
import { TEST_INTEGRITY_SIGNING_KEY } from './test-credentials';

/** The key test runs sign with. */
export const testSigningKey = (): SigningKey => SigningKey.fromPem(TEST_INTEGRITY_SIGNING_KEY);

/** Evidence for a verification that checks the chains alone: no digest has been signed. */
export function noDigests(): IntegrityEvidence {
  return integrityEvidence([], new TrustedKeys([testSigningKey().verifier]), 'no digests');
}
