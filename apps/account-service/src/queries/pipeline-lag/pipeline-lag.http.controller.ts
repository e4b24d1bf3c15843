import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetPipelineLag } from './pipeline-lag.query';

/** For operators: how far Kafka and the read model trail the event store. No personal data. */
@Controller('pipeline')
export class PipelineLagHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('lag')
  lag() {
    return this.queryBus.execute(new GetPipelineLag());
  }
}
