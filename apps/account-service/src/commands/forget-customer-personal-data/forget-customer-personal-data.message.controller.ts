import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake, NO_PAYLOAD } from '../../kafka/kafka-command-intake';
import { forgetCustomerPersonalData } from './forget-customer-personal-data.command';

@Controller()
export class ForgetCustomerPersonalDataMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  /** Takes no payload: an empty object or none. */
  @MessagePattern('ForgetCustomerPersonalData')
  forget(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, NO_PAYLOAD, (_payload, metadata) =>
      forgetCustomerPersonalData(envelope.customerId.toLowerCase(), metadata),
    );
  }
}
