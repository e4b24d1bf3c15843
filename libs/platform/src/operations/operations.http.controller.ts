import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { Response } from 'express';
import { Registry } from 'prom-client';
import { METRICS } from '../tokens';
import { PublicRoute } from './public-route';
import { ReadinessProbe } from './readiness';

/**
 * What a platform team's probes and scrapers ask every app: liveness (the process answers),
 * readiness (MongoDB and Kafka answer) and Prometheus metrics. No customer data, no token.
 */
@Controller()
@PublicRoute()
export class OperationsHttpController {
  constructor(
    private readonly readiness: ReadinessProbe,
    @Inject(METRICS) private readonly metrics: Registry,
  ) {}

  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiResponse({ status: 200, description: 'Up' })
  @Get('health')
  live() {
    return { status: 'up' };
  }

  @ApiOperation({ summary: 'Readiness: MongoDB and Kafka answer' })
  @ApiResponse({ status: 200, description: 'Ready' })
  @ApiResponse({ status: 503, description: 'A dependency is down; the body says which' })
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const readiness = await this.readiness.check();
    response.status(readiness.ready ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return { status: readiness.ready ? 'ready' : 'unready', checks: readiness.checks };
  }

  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiResponse({ status: 200, description: 'Prometheus text format' })
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.metrics();
  }
}
