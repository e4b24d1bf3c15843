import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** What names a public key in digests and manifests: the start of the SHA-256 of its DER form. */
function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The Ed25519 key that signs digests and export manifests. It comes from configuration
 * (a file or the environment), never from the database: whoever can write the store cannot
 * sign what they wrote.
 */
export class SigningKey {
  readonly verifier: PublicKey;

  private constructor(private readonly privateKey: KeyObject) {
    this.verifier = new PublicKey(createPublicKey(privateKey));
  }

  /** From a PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it. */
  static fromPem(pem: string): SigningKey {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key must be Ed25519, not ${key.asymmetricKeyType}`);
    return new SigningKey(key);
  }

  get keyId(): string {
    return this.verifier.keyId;
  }

  /** The base64 Ed25519 signature of `data`. */
  sign(data: string): string {
    return sign(null, Buffer.from(data, 'utf8'), this.privateKey).toString('base64');
  }
}

/** The half an auditor holds: enough to check every signature, unable to make one. */
export class PublicKey {
  readonly keyId: string;

  constructor(private readonly key: KeyObject) {
    this.keyId = keyIdOf(key);
  }

  /** From an SPKI PEM (`openssl pkey -pubout`), or the private key's PEM, whose public half it takes. */
  static fromPem(pem: string): PublicKey {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key must be Ed25519, not ${key.asymmetricKeyType}`);
    return new PublicKey(key);
  }

  get pem(): string {
    return this.key.export({ type: 'spki', format: 'pem' }).toString();
  }

  verifies(data: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(data, 'utf8'), this.key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** The public keys an auditor accepts, by key id: more than one across a key rotation. */
export class TrustedKeys {
  private readonly byId: Map<string, PublicKey>;

  constructor(keys: PublicKey[]) {
    this.byId = new Map(keys.map((key) => [key.keyId, key]));
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  find(keyId: string): PublicKey | undefined {
    return this.byId.get(keyId);
  }
}
