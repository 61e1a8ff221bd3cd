import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Issue 15 periodic reports: stored by the report workflows, read and exported here, backfilled by the admin. */
@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
