import { readWholeTopic } from '@app/messaging';
import { Kafka } from 'kafkajs';
import { DigestStore } from './digest-store';
import { IntegrityEvidence, integrityEvidence } from './integrity-evidence';
import { TrustedKeys } from './signing-keys';

/**
 * The digests as the digests topic holds them, the copy outside the database: whoever can
 * rewrite the store and its digest collection cannot take back what was published. The
 * database's copy is only compared with it.
 */
export class DigestWitness {
  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly store: DigestStore,
    private readonly keys: TrustedKeys,
  ) {}

  async evidence(partnerId?: string): Promise<IntegrityEvidence> {
    const [published, stored] = await Promise.all([readWholeTopic(this.kafka, this.topic), this.store.all(partnerId)]);
    return integrityEvidence(published, this.keys, `topic ${this.topic}`, { partnerId, databaseCopy: stored });
  }
}
