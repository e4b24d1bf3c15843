import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../../kafka/kafka-command-intake';
import { forgetCustomerPersonalData } from './forget-customer-personal-data.command';

/** Takes no payload: an empty object or none. */
class NoPayloadDto {}

@Controller()
export class ForgetCustomerPersonalDataMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  @MessagePattern('ForgetCustomerPersonalData')
  forget(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, NoPayloadDto, (_payload, metadata) => forgetCustomerPersonalData(envelope.customerId.toLowerCase(), metadata));
  }
}
