import { GrantPurchasePermission } from '@app/domain';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../../kafka/kafka-command-intake';
import { PurchasePermissionPayloadDto } from '../purchase-permission.payload.dto';
import { purchasePermissionCommand } from '../purchase-permission.command';

@Controller()
export class GrantPurchasePermissionMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  @MessagePattern('GrantPurchasePermission')
  grant(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, PurchasePermissionPayloadDto, (payload, metadata) =>
      purchasePermissionCommand<GrantPurchasePermission>(
        'GrantPurchasePermission',
        envelope.customerId.toLowerCase(),
        payload.resource,
        metadata,
      ),
    );
  }
}
