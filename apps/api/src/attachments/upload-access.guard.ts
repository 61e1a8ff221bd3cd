import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { ActivityLookup, activityIdPipe } from '../activities/activity-lookup.js';
import { unauthorized } from '../auth/auth-errors.js';
import { assertCanActForDepartment } from '../auth/policy.js';
import type { ApiRequest } from '../auth/request.js';
import { AttachmentsService } from './attachments.service.js';

/**
 * Runs before the multipart body is read (guards run before interceptors, and FileInterceptor is
 * one): the activity must exist, the caller must act for its lead department, and the activity
 * must have room for another attachment. A refused upload is answered at once, with
 * `Connection: close` so the server stops reading what the client is still sending instead of
 * buffering (or even draining) up to ATTACHMENTS_MAX_BYTES for nothing.
 */
@Injectable()
export class UploadAccessGuard implements CanActivate {
  constructor(
    private readonly activities: ActivityLookup,
    private readonly attachments: AttachmentsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<ApiRequest>();
    try {
      const actor = req.actor;
      if (!actor) throw unauthorized('missingToken', 'Sign in first', '请先登录');
      const id = (await activityIdPipe.transform(String(req.params.id), { type: 'param', data: 'id' })) as string;
      const activity = await this.activities.findOr404(id);
      assertCanActForDepartment(actor, activity.leadDepartment);
      await this.attachments.assertRoomFor(id);
      return true;
    } catch (err) {
      http.getResponse<Response>().setHeader('Connection', 'close');
      throw err;
    }
  }
}
