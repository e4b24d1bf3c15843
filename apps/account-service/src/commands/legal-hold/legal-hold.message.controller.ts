import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticatedEnvelope } from '../../kafka/command-envelope.dto';
import { KafkaCommandIntake, NO_PAYLOAD } from '../../kafka/kafka-command-intake';
import { placeLegalHold, releaseLegalHold } from './legal-hold.command';

@Controller()
export class LegalHoldMessageController {
  constructor(private readonly intake: KafkaCommandIntake) {}

  /** Takes no payload; the envelope's reason is required. */
  @MessagePattern('PlaceLegalHold')
  place(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, NO_PAYLOAD, (_payload, metadata) => placeLegalHold(envelope.customerId.toLowerCase(), metadata));
  }

  @MessagePattern('ReleaseLegalHold')
  release(@Payload() envelope: AuthenticatedEnvelope) {
    return this.intake.execute(envelope, NO_PAYLOAD, (_payload, metadata) => releaseLegalHold(envelope.customerId.toLowerCase(), metadata));
  }
}
