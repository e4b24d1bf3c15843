import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../../kafka/kafka-command-intake';
import { updateCustomerDetails } from './update-customer-details.command';
import { UpdateCustomerDetailsRequestDto } from './update-customer-details.request.dto';

@Controller()
export class UpdateCustomerDetailsMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  /** Merge-patch semantics, like PATCH /customers/{id}: null removes an optional field. */
  @MessagePattern('UpdateCustomerDetails')
  update(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, UpdateCustomerDetailsRequestDto, (payload, metadata) =>
      updateCustomerDetails(
        envelope.customerId.toLowerCase(),
        {
          ...(payload.billingProfile && { billingProfile: { merge: payload.billingProfile } }),
          ...(payload.companyProfile && { companyProfile: payload.companyProfile }),
        },
        metadata,
      ),
    );
  }
}
