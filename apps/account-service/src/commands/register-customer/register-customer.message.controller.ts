import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../../kafka/kafka-command-intake';
import { registerCustomer } from './register-customer.command';
import { RegisterCustomerPayloadDto } from './register-customer.request.dto';

@Controller()
export class RegisterCustomerMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  @MessagePattern('RegisterCustomer')
  register(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, RegisterCustomerPayloadDto, (payload, metadata) =>
      registerCustomer(envelope.customerId, payload, metadata),
    );
  }
}
