import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../../libs/config/config.js';
import { silentLogger, type Logger } from '../../../libs/logging/logger.js';
import { dataSourceOptions } from '../../../libs/db/data-source.js';
import { ActivitiesModule } from './activities/activities.module.js';
import { SummariesModule } from './summaries/summaries.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { SignaturesModule } from './signatures/signatures.module.js';
import { UsersModule } from './users/users.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReadsModule } from './reads/reads.module.js';
import { ArchiveModule } from './archive/archive.module.js';
import { SuggestionsModule } from './suggestions/suggestions.module.js';
import { ScoresModule } from './scores/scores.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { PublicationsModule } from './publications/publications.module.js';
import { AuditInterceptor } from './audit/audit.interceptor.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { RolesGuard } from './auth/roles.guard.js';
import { HealthController } from './health/health.controller.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { APP_CONFIG } from './tokens.js';

@Global()
@Module({})
export class AppModule {
  /** `logger`: the pino logger of createApp (apps/api/src/app.ts); none (the OpenAPI preview) logs nothing. */
  static forRoot(config: AppConfig, logger: Logger = silentLogger()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // nestjs-pino's Logger over our pino-http middleware (logging/request-logging.ts: `useExisting`),
        // so lines logged during a request go through that request's logger and carry its requestId.
        // nestjs-pino keeps one root logger per process (the first application's) for lines outside requests.
        LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true }),
        // Retries stay short: the launcher starts PostgreSQL first, and /health reports outages.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1_000 }),
        TemporalModule,
        AuditModule,
        AuthModule,
        ActivitiesModule,
        SummariesModule,
        DocumentsModule,
        ReviewsModule,
        SignaturesModule,
        UsersModule,
        CalendarModule,
        AttachmentsModule,
        NotificationsModule,
        ReadsModule,
        ArchiveModule,
        SuggestionsModule,
        ScoresModule,
        // Before any module with `api/reports/:id`, so `statistics` is not taken for an id.
        StatisticsModule,
        SupervisionModule,
        // After any module with fixed paths under /api/reports (issue 15 department-scores): its `:id` routes would take them.
        ReportsModule,
        PublicationsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Global guards run in this order: who is it (401), then may this role call the route (403).
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
      ],
      exports: [APP_CONFIG],
    };
  }
}
