import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '../../../libs/config/config.js';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import type { CalendarProvider } from '../../../libs/calendar-store/provider.js';
import { CALENDAR } from './calendar/calendar.service.js';
import { useCalendarYears } from './common/calendar-validation.js';
import { createGlobalPipes } from './common/validation.js';
import { createOpenApiDocument } from './common/openapi.js';
import { DeniedRequestsFilter } from './audit/denied-requests.filter.js';
import { applyHttpSecurity } from './http-security.js';
import { serveWebApp } from './web-app.js';

/** Request bodies above this are refused with 413 before they reach a handler. */
export const JSON_BODY_LIMIT = '1mb';

/** Builds the configured Nest application; main.ts and the end-to-end tests share it. */
export async function createApp(
  config: AppConfig,
  { logger = ['error', 'warn', 'log'] }: { logger?: false | Array<'error' | 'warn' | 'log'> } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger });
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
