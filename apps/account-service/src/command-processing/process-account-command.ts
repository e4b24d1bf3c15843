import { CustomerAccountCommand } from '@app/domain';
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
  constructor(
    private readonly processor: CommandProcessor,
    private readonly trimmer: ProcessedCommandsTrimmer,
  ) {}

  async execute({ command }: ProcessAccountCommand): Promise<ProcessedCommand> {
    const processed = await this.processor.process(command);
    if (command.type === 'ForgetCustomerPersonalData' && processed.result.outcome === 'accepted') await this.trimmer.trimProcessed();
    return processed;
  }
}
