import { PersonalDataVault } from '@app/personal-data';
import { ProcessedCommandsTrimmer } from './processed-commands-trimmer';

/**
 * What a forget does beyond its event, in one place, once the event is durable: the
 * customer's keys made before the forget are destroyed (one made since, by a change another
 * instance took meanwhile, holds data given after it), the command side's cached state of the
 * customer is dropped, and the commands topic is trimmed of what the intake has processed.
 * The projector scrubs the read model from the event; the outbox destroys the keys again when
 * it publishes the event, in case the process died before this ran.
 */
export class ForgetSideEffects {
  constructor(
    private readonly vault: Pick<PersonalDataVault, 'forget'>,
    private readonly trimmer: Pick<ProcessedCommandsTrimmer, 'trimProcessed'>,
    private readonly dropCachedState: (customerId: string) => void,
  ) {}

  /** `forgetVersion`: the forget event's version; keys that first sealed an event before it go. */
  async afterForget(customerId: string, forgetVersion: number): Promise<void> {
    await this.vault.forget(customerId, forgetVersion);
    this.dropCachedState(customerId);
    // Not awaited: a forget taken from Kafka is committed only once it is answered, and the trim waits for that.
    void this.trimmer.trimProcessed();
  }
}
