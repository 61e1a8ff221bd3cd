/**
 * The web app (apps/web, built by Vite into apps/web/dist) served by the API process at `/`:
 * same origin, so the pages call `/api` with no CORS. Hashed assets are cached for a year;
 * every other GET that asks for HTML and is not `/api`, `/docs` or `/health` gets index.html,
 * so deep links such as `/activities/<id>` open the page (the SPA's router takes over).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the API answers itself: never the web app's fallback. */
const API_PATHS = /^\/(?:api|docs|docs-json|health)(?:[/?.-]|$)/;

/**
 * apps/web/dist from this file: `apps/api/src` when run from source (tests), `dist/apps/api/src`
 * when compiled (npm start, the image, which copies apps/web/dist beside dist/). `WEB_DIST_DIR`
 * overrides it.
 */
export function webDistDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = env.WEB_DIST_DIR
    ? [path.resolve(env.WEB_DIST_DIR)]
    : [path.resolve(here, '../../web/dist'), path.resolve(here, '../../../../apps/web/dist')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/** Serves the built web app when there is one; the API works the same without it. */
export function serveWebApp(app: NestExpressApplication, dir = webDistDir()): boolean {
  if (!dir) return false;
  const index = path.join(dir, 'index.html');
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, file) =>
      res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || !req.accepts('html')) return next();
    // A missing asset (a stale tab asking for an old hash) is a 404, not the page.
    if (path.extname(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
