/**
 * The OpenAPI document names each schema after its class: two classes of one name in different
 * modules silently become one schema, and the web's generated types then describe the wrong
 * answer for one of the endpoints (seen when two modules each had a SuggestionCountsView).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '../../../apps/api/src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

it('every class of the API has a name of its own (OpenAPI schema names must not collide)', () => {
  const where = new Map<string, string[]>();
  for (const file of files(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^export (?:abstract )?class (\w+)/gm)) {
      where.set(m[1]!, [...(where.get(m[1]!) ?? []), path.relative(SRC, file)]);
    }
  }
  expect(where.size).toBeGreaterThan(50);
  expect([...where].filter(([, at]) => at.length > 1)).toEqual([]);
});
