/**
 * Bootstrap of a production directory, where no demo users exist:
 *
 *   USER_PASSWORD=… node dist/libs/users/create-user-cli.js --username wang.admin --display-name 王行政 --role admin
 *   … --department publicity --department-name 宣传部   (creates the department too when missing)
 *
 * Reads DATABASE_URL; the password comes from USER_PASSWORD, never from the command line (it would
 * show in `ps` and shell history). After the first admin, users are managed in the API (/api/users).
 */
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDataSource } from '../db/data-source.js';
import type { Role } from '../domain/roles.js';
import { createUser, DirectoryError } from './directory.js';

/** Creates the user the arguments describe; returns its id. Throws DirectoryError for refused input. */
export async function createUserFromCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string' },
      department: { type: 'string' },
      'department-name': { type: 'string' },
    },
  });
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const password = env.USER_PASSWORD;
  if (!password) throw new Error('USER_PASSWORD is not set (the new user’s password)');
  if (!values.username || !values.role)
    throw new Error('usage: --username <name> --role <role> [--display-name <名称>] [--department <code> [--department-name <名称>]]');

  const ds = await createDataSource(url).initialize();
  try {
    const id = await ds.transaction(async (em) => {
      if (values.department && values['department-name']) {
        await em.query(`INSERT INTO departments (code, name_zh) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [
          values.department,
          values['department-name'],
        ]);
      }
      return createUser(em, {
        username: values.username!,
        displayName: values['display-name'] ?? values.username!,
        role: values.role as Role,
        department: values.department ?? null,
        password,
      });
    });
    console.log(`user ${values.username} (${values.role}${values.department ? `, ${values.department}` : ''}) created: ${id}`);
    return id;
  } finally {
    await ds.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  createUserFromCli(process.argv.slice(2), process.env).catch((err: unknown) => {
    if (err instanceof DirectoryError) {
      for (const p of err.problems) console.error(`${p.field}: ${p.message} / ${p.messageZh}`);
    } else {
      console.error(err instanceof Error ? err.message : err);
    }
    process.exit(1);
  });
}
