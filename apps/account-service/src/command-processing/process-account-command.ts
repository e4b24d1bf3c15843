import { CustomerAccountCommand } from '@app/domain';
import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from './command-processor';
import { ProcessedCommand } from './command-result';
import { ProcessedCommandsTrimmer } from '../kafka/processed-commands-trimmer';

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
    private readonly trimmer: ProcessedCommandsTrimmer,
  ) {}

  async execute({ command }: ProcessAccountCommand): Promise<ProcessedCommand> {
    const processed = await this.processor.process(command);
    const { result } = processed;
    this.logger.debug(
      `${command.type} ${result.commandId} for customer ${result.customerId}: ${result.outcome} ${result.status}` +
        (result.outcome === 'accepted' ? ` at version ${result.version}` : ` (code ${result.code})`) +
        (processed.replayed ? ', replayed' : ''),
    );
    // Not awaited: a forget taken from Kafka is committed only once it is answered, and the trim waits for that.
    if (command.type === 'ForgetCustomerPersonalData' && processed.result.outcome === 'accepted') void this.trimmer.trimProcessed();
    return processed;
  }
}
