import { CommandMetadata, PlaceLegalHold, ReleaseLegalHold } from '@app/domain';

export function placeLegalHold(customerId: string, metadata: CommandMetadata): PlaceLegalHold {
  return { type: 'PlaceLegalHold', data: { customerId }, metadata };
}

export function releaseLegalHold(customerId: string, metadata: CommandMetadata): ReleaseLegalHold {
  return { type: 'ReleaseLegalHold', data: { customerId }, metadata };
}
