/** Another commit took the stream position this one expected: the state it was decided on is stale. */
export class StreamVersionConflict extends Error {
  constructor(
    readonly customerId: string,
    readonly firstVersion: number,
  ) {
    super(`Stream ${customerId} already has version ${firstVersion}`);
    this.name = 'StreamVersionConflict';
  }
}

/** The same command id was already committed (a retry or a redelivery). */
export class CommandAlreadyCommitted extends Error {
  constructor(readonly commandId: string) {
    super(`Command ${commandId} was already committed`);
    this.name = 'CommandAlreadyCommitted';
  }
}
