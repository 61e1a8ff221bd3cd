import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/decorators.js';
import { TEMPORAL_CONNECT_TIMEOUT_MS, TemporalGateway } from '../temporal/temporal.module.js';
import { HealthResponse } from './health.dto.js';

type Probe = { status: 'up' } | { status: 'down'; error: string };

const PROBE_TIMEOUT_MS = TEMPORAL_CONNECT_TIMEOUT_MS + 1_000;

async function probe(check: () => Promise<unknown>): Promise<Probe> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public() // probes (compose healthcheck, load balancers) carry no token
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalGateway,
  ) {}

  @Get()
  @ApiOperation({ summary: 'PostgreSQL and Temporal, each reported separately; 503 when either is down' })
  @ApiOkResponse({ type: HealthResponse, description: 'Both are up' })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: `Either is down, or did not answer within ${PROBE_TIMEOUT_MS} ms` })
  async check(@Res() res: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      // A gRPC deadline ends the SDK's own retries too, so no retry outlives the probe.
      probe(async () => {
        const client = await this.temporal.client();
        await client.connection.withDeadline(Date.now() + TEMPORAL_CONNECT_TIMEOUT_MS, () => client.workflowService.getSystemInfo({}));
      }),
    ]);
    const ok = postgres.status === 'up' && temporal.status === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', postgres, temporal });
  }
}
