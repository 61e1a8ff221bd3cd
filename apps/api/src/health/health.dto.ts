import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyProbe {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status: 'up' | 'down';

  @ApiPropertyOptional({
    description: 'Why it is down (first line of the error), only when down',
    example: 'connect ECONNREFUSED 127.0.0.1:5432',
  })
  error?: string;
}

/** The body of GET /health, with 200 and with 503 alike. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '`degraded` (503) when either dependency is down' })
  status: 'ok' | 'degraded';

  @ApiProperty({ type: DependencyProbe })
  postgres: DependencyProbe;

  @ApiProperty({ type: DependencyProbe })
  temporal: DependencyProbe;
}
