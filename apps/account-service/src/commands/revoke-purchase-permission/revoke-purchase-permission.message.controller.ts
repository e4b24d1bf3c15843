import { RevokePurchasePermission } from '@app/domain';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../../kafka/kafka-command-intake';
import { PurchasePermissionPayloadDto } from '../purchase-permission.payload.dto';
import { purchasePermissionCommand } from '../purchase-permission.command';

@Controller()
export class RevokePurchasePermissionMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  @MessagePattern('RevokePurchasePermission')
  revoke(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, PurchasePermissionPayloadDto, (payload, metadata) =>
      purchasePermissionCommand<RevokePurchasePermission>(
        'RevokePurchasePermission',
        envelope.customerId.toLowerCase(),
        payload.resource,
        metadata,
      ),
    );
  }
}
