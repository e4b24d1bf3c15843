import { CustomerAccountCommand } from '@app/domain';
import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from './command-processor';
import { ProcessedCommand } from './command-result';
import { ForgetSideEffects } from '../forget/forget-side-effects';

/** The one command on Nest's bus: a domain command from any transport, on its way to be decided. */
export class ProcessAccountCommand extends Command<ProcessedCommand> {
  constructor(readonly command: CustomerAccountCommand) {
    super();
  }
}

@CommandHandler(ProcessAccountCommand)
export class ProcessAccountCommandHandler implements ICommandHandler<ProcessAccountCommand, ProcessedCommand> {
  private readonly logger = new Logger('Commands');

  constructor(
    private readonly processor: CommandProcessor,
    private readonly forgetting: ForgetSideEffects,
  ) {}

  async execute({ command }: ProcessAccountCommand): Promise<ProcessedCommand> {
    const processed = await this.processor.process(command);
    const { result } = processed;
    this.logger.debug(
      `${command.type} ${result.commandId} for customer ${result.customerId}: ${result.outcome} ${result.status}` +
        (result.outcome === 'accepted' ? ` at version ${result.version}` : ` (code ${result.code})`) +
        (processed.replayed ? ', replayed' : ''),
    );
    // After the event is durable, so that a forget is never half-done in the unsafe direction
    // (keys gone, no record of why). A replay runs none: the keys may be new ones, for data given since.
    // A forget with nothing left to erase records no event: the keys made up to its version go.
    if (command.type === 'ForgetCustomerPersonalData' && result.outcome === 'accepted' && !processed.replayed)
      await this.forgetting.afterForget(command.data.customerId, result.events.at(-1)?.version ?? result.version + 1);
    return processed;
  }
}
