import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '../../../libs/config/config.js';

/**
 * Browser-facing hardening of every answer: helmet's headers (CSP, nosniff, frame-ancestors,
 * referrer policy, HSTS, cross-origin isolation of resources), no `X-Powered-By`, and CORS only for
 * the origins CORS_ORIGINS lists (off by default: the API is called by same-origin pages and
 * non-browser clients).
 */
export function applyHttpSecurity(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        // helmet's defaults (default-src 'self', script-src 'self', object-src 'none', style-src
        // 'self' 'unsafe-inline' …) fit Swagger UI at /docs, whose scripts are files of this origin.
        // Not upgrade-insecure-requests: served over plain HTTP (npm start, a LAN address), it
        // would send /docs' own assets to an https:// that does not exist.
        // The web app (apps/web) adds blob: images (attachment previews and downloads); antd's
        // run-time <style> tags are covered by style-src 'unsafe-inline'.
        directives: { 'upgrade-insecure-requests': null, 'img-src': ["'self'", 'data:', 'blob:'] },
      },
    }),
  );
  const origins = config.security.corsOrigins;
  if (origins.length) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id', 'Content-Disposition', 'WWW-Authenticate'],
      // Bearer tokens, no cookies.
      credentials: false,
      maxAge: 600,
    });
  }
}
