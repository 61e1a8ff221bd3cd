import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../../../libs/config/config.js';
import { createLogger, silentLogger, type Logger } from '../../../libs/logging/logger.js';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import type { CalendarProvider } from '../../../libs/calendar-store/provider.js';
import { CALENDAR } from './calendar/calendar.service.js';
import { useCalendarYears } from './common/calendar-validation.js';
import { createGlobalPipes } from './common/validation.js';
import { createOpenApiDocument } from './common/openapi.js';
import { DeniedRequestsFilter } from './audit/denied-requests.filter.js';
import { applyHttpSecurity } from './http-security.js';
import { logRequests } from './logging/request-logging.js';
import { serveWebApp } from './web-app.js';

/** Request bodies above this are refused with 413 before they reach a handler. */
export const JSON_BODY_LIMIT = '1mb';

export interface CreateAppOptions {
  /**
   * Where the API logs (README "Logs"): by default JSON lines on stdout as `config.log` says;
   * `false` logs nothing (tests); a pino logger of the caller's (tests capture the lines).
   */
  logger?: false | Logger;
}

/** Builds the configured Nest application; main.ts and the end-to-end tests share it. */
export async function createApp(config: AppConfig, { logger }: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const log = logger === false ? silentLogger() : (logger ?? createLogger(config.log, { service: 'api' }));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, log), { bodyParser: false, bufferLogs: true });
  // Nest's own lines and every `new Logger(…)` of the services go through pino too (nestjs-pino).
  app.useLogger(app.get(NestPinoLogger));
  // First: every answer, whatever answers it, has its X-Request-Id and one log line.
  logRequests(app, log);
  applyHttpSecurity(app, config);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalPipes(...createGlobalPipes());
  // Request dates must fall in the years of the API's working-day calendar (IsCalendarInstant);
  // without PostgreSQL now, the validator reads them from the official data itself.
  await app
    .get<CalendarProvider>(CALENDAR)()
    .then((calendar) => useCalendarYears(calendar.supportedRange))
    .catch(() => undefined);
  // Every 401 and 403 is audited (and throttled per address) before the error filter answers.
  app.useGlobalFilters(app.get(DeniedRequestsFilter).around(new ApiExceptionFilter()));
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  // The web app (apps/web/dist) at `/`, with deep links falling back to its index.html.
  serveWebApp(app);
  return app;
}

/**
 * The OpenAPI document served at /docs-json. Built from the controllers' decorators only, so it
 * also works on an application created with `preview: true` (no database): apps/web generates its
 * API types from it (`npm run web:api-types`).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Activity summary lifecycle API')
    .setDescription('活动总结全流程管理 — registers activities and drives their summary lifecycle workflows')
    .setVersion('0.1.0')
    .addBearerAuth() // token from POST /api/auth/login
    .build();
  return createOpenApiDocument(app, config);
}
