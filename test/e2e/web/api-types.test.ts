/**
 * Issue 12: the web app's API types (apps/web/src/api/schema.d.ts) are generated from the API's own
 * OpenAPI document and checked in; this fails when a controller or DTO changed and they were not
 * regenerated (`npm run web:api-types`). The document is built in-process, exactly as /docs-json
 * serves it, on an application in preview mode (no database or Temporal needed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../apps/api/src/app.module.js';
import { openApiDocument } from '../../../apps/api/src/app.js';
import { loadConfig } from '../../../libs/config/config.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

it('apps/web/src/api/schema.d.ts matches the OpenAPI document of the API (npm run web:api-types)', async () => {
  const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  const doc = openApiDocument(app);
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const check = spawnSync(process.execPath, ['apps/web/scripts/api-types.mjs', '--doc', file, '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(`${check.stdout}${check.stderr}`).toContain('is up to date');
    expect(check.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
