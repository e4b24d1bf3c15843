import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** GET /v1/SelfServePolicy: Partner Center's filter on the entity, here always a customer. */
export class SelfServePolicyQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The customer whose self-serve policy to read' }) @IsUUID() entity_id: string;
}
