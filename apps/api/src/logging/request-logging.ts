/**
 * Request ids and request logs of the API, as the first middlewares of every request (before
 * helmet, CORS, body parsing, static files and Nest's routes), so that every answer — 4xx and 5xx
 * from any layer, static files, 404s — carries `X-Request-Id`, and one line per request is logged.
 *
 * - The id is the caller's `X-Request-Id` when it is sane (libs/logging/request-context.ts), else a
 *   new UUID; it is kept on the request (`req.requestId`, the audit log's too) and the request runs
 *   in its context, so Temporal calls carry it (libs/temporal/request-id.ts).
 * - pino-http logs `METHOD url status` when the answer is done, with `requestId`, the status, the
 *   time taken and the signed-in user's id; no headers, no bodies. `req.log` (and nestjs-pino's
 *   Logger during the request) is the request's child logger, so every line carries `requestId`.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Response } from 'express';
import { pinoHttp } from 'pino-http';
import { compactError, type Logger } from '../../../../libs/logging/logger.js';
import { requestIdFrom, runWithRequestId } from '../../../../libs/logging/request-context.js';

import type { ApiRequest } from '../auth/request.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Health probes every few seconds (launcher, Docker): their successes only at debug. */
const PROBE = /^\/health(?:\?|$)/;

function assignRequestId(req: ApiRequest, res: Response, next: NextFunction): void {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  req.requestId = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  runWithRequestId(requestId, next);
}

export function logRequests(app: NestExpressApplication, logger: Logger): void {
  app.use(assignRequestId);
  app.use(
    pinoHttp<ApiRequest, Response>({
      logger,
      genReqId: (req) => req.requestId ?? requestIdFrom(undefined),
      customAttributeKeys: { reqId: 'requestId' },
      // Lines logged during the request carry only `requestId`; the final line has the rest.
      quietReqLogger: true,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (req, res, err) => {
        if (err || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return PROBE.test(req.originalUrl) ? 'debug' : 'info';
      },
      customSuccessMessage: (req, res) => `${req.method} ${req.originalUrl} ${res.writableEnded ? res.statusCode : 'aborted'}`,
      customErrorMessage: (req, res) => `${req.method} ${req.originalUrl} ${res.statusCode}`,
      customSuccessObject: (req, _res, value: object) => ({ ...value, ...(req.actor ? { userId: req.actor.userId } : {}) }),
      // A 5xx's exception is logged (with its stack) by the exception filter, in the request's
      // context: this line only adds an error that did not come from a handler (a broken socket).
      customErrorObject: (req, res, err, value: { res?: unknown; responseTime?: number }) => ({
        res: value.res,
        responseTime: value.responseTime,
        ...(req.actor ? { userId: req.actor.userId } : {}),
        ...(err.message === `failed with status code ${res.statusCode}` ? {} : { error: compactError(err, false) }),
      }),
    }),
  );
}
