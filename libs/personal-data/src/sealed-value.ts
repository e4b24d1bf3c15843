import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value as it is stored and published: AES-256-GCM under the customer's key,
 * bound (as associated data) to the place it was written for, so that a ciphertext moved
 * to another event or field does not open.
 */
export interface SealedValue {
  /** The id of the customer key that sealed it. */
  sealedWith: string;
  /** base64 of IV (12 bytes), ciphertext and tag (16 bytes). */
  ciphertext: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isSealedValue(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SealedValue).sealedWith === 'string' &&
    typeof (value as SealedValue).ciphertext === 'string'
  );
}

export function encrypt(plaintext: Buffer, key: Buffer, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** Throws when the ciphertext was altered or belongs elsewhere. */
export function decrypt(ciphertext: string, key: Buffer, associatedData: string): Buffer {
  const bytes = Buffer.from(ciphertext, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('The sealed value is too short to be one');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}
