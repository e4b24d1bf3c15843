import { Controller, Get } from '@nestjs/common';
import { PublicRoute } from '../http/public-route';

/** Liveness: the process answers. Readiness that probes Kafka and MongoDB is issue 7's. */
@Controller('health')
@PublicRoute()
export class HealthHttpController {
  @Get()
  live() {
    return { status: 'up' };
  }
}
