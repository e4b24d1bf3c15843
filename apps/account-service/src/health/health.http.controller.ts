import { Controller, Get } from '@nestjs/common';

/** Liveness: the process answers. Readiness that probes Kafka and MongoDB is issue 7's. */
@Controller('health')
export class HealthHttpController {
  @Get()
  live() {
    return { status: 'up' };
  }
}
