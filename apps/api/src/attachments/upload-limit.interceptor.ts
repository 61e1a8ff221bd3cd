import { Inject, Injectable, PayloadTooLargeException, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import type { AppConfig } from '../../../../libs/config/config.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { APP_CONFIG } from '../tokens.js';

/**
 * Bound before FileInterceptor: turns multer's bare 413 into the one error shape with the limit
 * in both languages, so the client knows how far to shrink the file.
 */
@Injectable()
export class UploadLimitInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_ctx: unknown, next: CallHandler): Observable<unknown> {
    const max = this.config.attachments.maxBytes;
    const mb = (max / (1024 * 1024)).toFixed(max % (1024 * 1024) === 0 ? 0 : 2);
    return next
      .handle()
      .pipe(
        catchError((err: unknown) =>
          throwError(() =>
            err instanceof PayloadTooLargeException
              ? new ApiError(
                  ErrorCode.PAYLOAD_TOO_LARGE,
                  `The file exceeds the upload limit of ${max} bytes (${mb} MB)`,
                  `文件超过上传上限 ${mb} MB(${max} 字节)`,
                  [{ field: 'file', code: 'fileTooLarge', message: `At most ${max} bytes`, messageZh: `最多 ${max} 字节` }],
                )
              : err,
          ),
        ),
      );
  }
}
