import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { idParam } from '../common/ids.js';

/** `:id` of the routes under /api/activities/:id. */
export const activityIdPipe = idParam('activity', '活动');

/** The activity a route under /api/activities/:id is about, or 404; its department decides who may act. */
@Injectable()
export class ActivityLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findOr404(id: string): Promise<ActivityEntity> {
    const activity = await this.dataSource.getRepository(ActivityEntity).findOneBy({ id });
    if (!activity) throw new ApiError(ErrorCode.NOT_FOUND, `Activity ${id} not found`, `未找到活动 ${id}`);
    return activity;
  }
}
