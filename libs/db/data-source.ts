import { DataSource, type DataSourceOptions } from 'typeorm';
import { ActivityEntity } from './entities/activity.entity.js';
import { CreateActivities1764190000000 } from './migrations/1764190000000-create-activities.js';

/** Every entity and migration, listed explicitly: ESM builds have no glob loading. */
export const ENTITIES = [ActivityEntity];
export const MIGRATIONS = [CreateActivities1764190000000];

/**
 * One definition shared by Nest (TypeOrmModule), the worker and the migration CLI.
 * The schema is owned by migrations: `synchronize` stays off everywhere.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
