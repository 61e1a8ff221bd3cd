import { DataSource, type DataSourceOptions } from 'typeorm';
import { ActivityEntity } from './entities/activity.entity.js';
import { EscalationEntity } from './entities/escalation.entity.js';
import { AuditLogEntity } from './entities/audit-log.entity.js';
import { DepartmentEntity } from './entities/department.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { SummaryVersionEntity } from './entities/summary-version.entity.js';
import { AttachmentEntity } from './entities/attachment.entity.js';
import { CalendarOverrideEntity } from './entities/calendar-override.entity.js';
import { NotificationEntity } from './entities/notification.entity.js';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity.js';
import { UserNotificationPrefsEntity } from './entities/user-notification-prefs.entity.js';
import { ReviewCommentEntity, ReviewEntity } from './entities/review.entity.js';
import { SignatureEntity } from './entities/signature.entity.js';
import { CreateActivities1764190000000 } from './migrations/1764190000000-create-activities.js';
import { LifecycleProjection1764190000100 } from './migrations/1764190000100-lifecycle-projection.js';
import { AuthAndAudit1764190000200 } from './migrations/1764190000200-auth-and-audit.js';
import { CalendarOverrides1764190000300 } from './migrations/1764190000300-calendar-overrides.js';
import { Notifications1764190000400 } from './migrations/1764190000400-notifications.js';
import { SummaryVersions1764190000500 } from './migrations/1764190000500-summary-versions.js';
import { Attachments1764190000600 } from './migrations/1764190000600-attachments.js';
import { ReviewsAndSignatures1764190000700 } from './migrations/1764190000700-reviews-and-signatures.js';
import { CalendarOfficialYears1764190000800 } from './migrations/1764190000800-calendar-official-years.js';
import { UsersIsHead1764190000900 } from './migrations/1764190000900-users-is-head.js';
import { TokenVersionAndLoginLockout1764190001100 } from './migrations/1764190001100-token-version-and-login-lockout.js';
import { IdempotencyKeysPerUser1764190001200 } from './migrations/1764190001200-idempotency-keys-per-user.js';
import { Archive1764190001500 } from './migrations/1764190001500-archive.js';
import { ReadRequests1764190001530 } from './migrations/1764190001530-read-requests.js';
import { Suggestions1764190001600 } from './migrations/1764190001600-suggestions.js';
import { SuggestionUpdateReasons1764190001610 } from './migrations/1764190001610-suggestion-update-reasons.js';
import { ScoreFlags1764190001620 } from './migrations/1764190001620-score-flags.js';
import { SupervisionSamples1764190001650 } from './migrations/1764190001650-supervision-samples.js';
import { Reports1764190001640 } from './migrations/1764190001640-reports.js';
import { Publications1764190001660 } from './migrations/1764190001660-publications.js';
import { ListIndexes1764190001700 } from './migrations/1764190001700-list-indexes.js';
import { NotificationDigests1764190001720 } from './migrations/1764190001720-notification-digests.js';
import { CalendarOfficialImports1764190001730 } from './migrations/1764190001730-calendar-official-imports.js';
import { StageListOrder1764190001740 } from './migrations/1764190001740-stage-list-order.js';

/** Every entity and migration, listed explicitly: ESM builds have no glob loading. */
export const ENTITIES = [
  ActivityEntity,
  EscalationEntity,
  DepartmentEntity,
  UserEntity,
  AuditLogEntity,
  SummaryVersionEntity,
  AttachmentEntity,
  CalendarOverrideEntity,
  NotificationEntity,
  NotificationDeliveryEntity,
  UserNotificationPrefsEntity,
  ReviewEntity,
  ReviewCommentEntity,
  SignatureEntity,
];
export const MIGRATIONS = [
  CreateActivities1764190000000,
  LifecycleProjection1764190000100,
  AuthAndAudit1764190000200,
  CalendarOverrides1764190000300,
  Notifications1764190000400,
  SummaryVersions1764190000500,
  Attachments1764190000600,
  ReviewsAndSignatures1764190000700,
  CalendarOfficialYears1764190000800,
  UsersIsHead1764190000900,
  TokenVersionAndLoginLockout1764190001100,
  IdempotencyKeysPerUser1764190001200,
  Archive1764190001500,
  ReadRequests1764190001530,
  Suggestions1764190001600,
  SuggestionUpdateReasons1764190001610,
  ScoreFlags1764190001620,
  Reports1764190001640,
  SupervisionSamples1764190001650,
  Publications1764190001660,
  ListIndexes1764190001700,
  NotificationDigests1764190001720,
  CalendarOfficialImports1764190001730,
  StageListOrder1764190001740,
];

/**
 * Every wait on PostgreSQL is bounded, so an unavailable database answers a request within
 * seconds (503, see libs/db/availability.ts) instead of holding it:
 *  - a connection, new or from the full pool, within DB_CONNECT_TIMEOUT_MS;
 *  - a statement within DB_STATEMENT_TIMEOUT_MS (`statement_timeout`: the server cancels it and
 *    the connection stays usable), and an answer one second later even from a server that no
 *    longer answers at all (the client gives up: `query_timeout`);
 *  - a transaction its client abandoned (the process died) holds its locks at most a minute.
 * TCP keep-alive finds connections whose peer vanished without a word.
 */
export const DB_CONNECT_TIMEOUT_MS = 3_000;
export const DB_STATEMENT_TIMEOUT_MS = 5_000;
const DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export interface DataSourceTuning {
  /** 0: no limit (migrations: building an index may take longer than any request should). */
  statementTimeoutMs?: number;
}

/**
 * One definition shared by Nest (TypeOrmModule), the worker and the migration CLI.
 * The schema is owned by migrations: `synchronize` stays off everywhere.
 */
export function dataSourceOptions(
  databaseUrl: string,
  { statementTimeoutMs = DB_STATEMENT_TIMEOUT_MS }: DataSourceTuning = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // node-postgres pool and client options.
    extra: {
      max: 20,
      connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      idle_in_transaction_session_timeout: DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 1_000 } : {}),
    },
  };
}

export function createDataSource(databaseUrl: string, tuning: DataSourceTuning = {}): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, tuning));
}
