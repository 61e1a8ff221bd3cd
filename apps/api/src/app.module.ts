import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../../libs/config/config.js';
import { dataSourceOptions } from '../../../libs/db/data-source.js';
import { ActivitiesModule } from './activities/activities.module.js';
import { HealthController } from './health/health.controller.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { APP_CONFIG } from './tokens.js';

@Global()
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Retries stay short: the launcher starts PostgreSQL first, and /health reports outages.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1_000 }),
        TemporalModule,
        ActivitiesModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
