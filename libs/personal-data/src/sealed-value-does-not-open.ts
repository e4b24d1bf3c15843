/**
 * A sealed value whose ciphertext fails to decrypt under its customer's key: altered on
 * the way, or moved from the place it was sealed for. Unlike a store that cannot be
 * reached, opening it again will never succeed, so readers may set its event aside.
 */
export class SealedValueDoesNotOpen extends Error {
  constructor(field: string, eventId: string, cause: unknown) {
    super(`The sealed value of ${field} in event ${eventId} does not open: ${(cause as Error).message}`);
    this.name = 'SealedValueDoesNotOpen';
  }
}
