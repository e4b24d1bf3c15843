import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'RecordedEvent' })
export class RecordedEventDto {
  eventId: string;
  type: string;
  version: number;
}

/** The answer to an accepted command: what was recorded, and the version to read it at. */
@ApiSchema({ name: 'CommandResult' })
export class CommandResultDto {
  commandId: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  commandType: string;
  @ApiProperty({ enum: ['accepted'] }) outcome: 'accepted';
  /** 201 for a registration, 200 for every other command. */
  status: number;
  /** The account's version after the command: send it as X-Min-Version to read your own write. */
  version: number;
  events: RecordedEventDto[];
}
