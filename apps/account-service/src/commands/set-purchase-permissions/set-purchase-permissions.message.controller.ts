import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../../kafka/kafka-command-intake';
import { setPurchasePermissions } from './set-purchase-permissions.command';
import { SetPurchasePermissionsPayloadDto } from './set-purchase-permissions.payload.dto';

@Controller()
export class SetPurchasePermissionsMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  /** The whole list: the permissions not listed are revoked in the same decision. */
  @MessagePattern('SetPurchasePermissions')
  set(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, SetPurchasePermissionsPayloadDto, (payload, metadata) =>
      setPurchasePermissions(envelope.customerId.toLowerCase(), payload.permissions, metadata),
    );
  }
}
