/**
 * A local stand-in for the robot platforms (node:http). It checks each request the way the
 * platform documents it, independently of libs/notify, and answers in the platform's format:
 * - WeCom: `POST /cgi-bin/webhook/send?key=…`, no signature; `{ errcode, errmsg }`.
 * - DingTalk: `POST /robot/send?access_token=…[&timestamp=ms&sign=urlEncode(Base64(HmacSHA256(
 *   key=secret, msg=timestamp+"\n"+secret)))]`, timestamp within 1 h; `{ errcode, errmsg }`.
 * - Feishu: `POST /open-apis/bot/v2/hook/<token>`, body `timestamp` (s) and `sign` =
 *   Base64(HmacSHA256(key=timestamp+"\n"+secret, msg="")), within 1 h; `{ code, msg, data }`.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import type { RobotKind } from '../../libs/notify/channels/webhook.js';

export interface ReceivedRobotRequest {
  /** When it arrived (epoch ms): pacing is measured here. */
  at: number;
  path: string;
  /** The query string exactly as sent (to check URL encoding). */
  rawQuery: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface ScriptedReply {
  status?: number;
  /** An object is sent as JSON, a string as it is. */
  body: unknown;
}

export interface RobotReceiverOptions {
  kind: RobotKind;
  token?: string;
  secret?: string;
  /** The platform's clock, for the one-hour window. */
  now?: () => number;
  /** Replies used, in order, before normal checking resumes (rate limits, outages). */
  script?: ScriptedReply[];
}

export interface RobotReceiver {
  /** The webhook URL as the robot settings page would show it. */
  url: string;
  requests: ReceivedRobotRequest[];
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const hmacB64 = (key: string, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest('base64');

function check(opts: RobotReceiverOptions, req: ReceivedRobotRequest): Record<string, unknown> {
  const now = (opts.now ?? Date.now)();
  const token = opts.token ?? 'TOKEN';
  switch (opts.kind) {
    case 'wecom': {
      const err = (errcode: number, errmsg: string) => ({ errcode, errmsg });
      if (req.path !== '/cgi-bin/webhook/send' || req.query.get('key') !== token) return err(93000, 'invalid webhook url');
      const md = req.body.markdown as { content?: unknown } | undefined;
      if (req.body.msgtype !== 'markdown' || typeof md?.content !== 'string') return err(40008, 'invalid message type');
      if (Buffer.byteLength(md.content, 'utf8') > 4096) return err(40058, 'markdown.content exceed max length 4096');
      return err(0, 'ok');
    }
    case 'dingtalk': {
      const err = (errcode: number, errmsg: string) => ({ errcode, errmsg });
      if (req.path !== '/robot/send' || req.query.get('access_token') !== token) return err(300001, 'token is not exist');
      if (opts.secret) {
        const ts = req.query.get('timestamp') ?? '';
        const sign = req.query.get('sign') ?? '';
        if (!/^\d{13}$/.test(ts) || Math.abs(now - Number(ts)) > HOUR_MS) return err(310000, 'sign not match, timestamp expired');
        const expected = hmacB64(opts.secret, `${ts}\n${opts.secret}`);
        // The sign must arrive URL-encoded, or '+' would read back as a space.
        if (sign !== expected || !req.rawQuery.includes(`sign=${encodeURIComponent(expected)}`)) {
          return err(310000, 'sign not match');
        }
      }
      const md = req.body.markdown as { title?: unknown; text?: unknown } | undefined;
      if (req.body.msgtype !== 'markdown' || typeof md?.title !== 'string' || typeof md.text !== 'string') {
        return err(40035, 'missing param markdown');
      }
      return err(0, 'ok');
    }
    case 'feishu': {
      const err = (code: number, msg: string) => ({ code, msg, data: {} });
      if (req.path !== `/open-apis/bot/v2/hook/${token}`) return err(19001, 'param invalid: incoming webhook access token invalid');
      if (opts.secret) {
        const ts = req.body.timestamp;
        const sign = req.body.sign;
        const inWindow = typeof ts === 'string' && /^\d{10}$/.test(ts) && Math.abs(now - Number(ts) * 1000) <= HOUR_MS;
        if (!inWindow || sign !== hmacB64(`${ts}\n${opts.secret}`, '')) {
          return err(19021, 'sign match fail or timestamp is not within one hour from current time');
        }
      }
      const type = req.body.msg_type;
      const content = req.body.content as Record<string, unknown> | undefined;
      const ok =
        (type === 'text' && typeof content?.text === 'string') ||
        (type === 'post' && typeof (content?.post as { zh_cn?: unknown } | undefined)?.zh_cn === 'object');
      return ok ? err(0, 'success') : err(9499, 'Bad Request');
    }
  }
}

export async function startRobotReceiver(opts: RobotReceiverOptions): Promise<RobotReceiver> {
  const requests: ReceivedRobotRequest[] = [];
  const script = [...(opts.script ?? [])];
  const server = http.createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.url ?? '/';
      const q = target.indexOf('?');
      const rawQuery = q < 0 ? '' : target.slice(q + 1);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // left empty: the checks then refuse it
      }
      const received = {
        at,
        path: q < 0 ? target : target.slice(0, q),
        rawQuery,
        query: new URLSearchParams(rawQuery),
        contentType: req.headers['content-type'],
        body,
      };
      requests.push(received);
      const reply = script.shift() ?? { body: check(opts, received) };
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json' });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const token = opts.token ?? 'TOKEN';
  const url = {
    wecom: `${base}/cgi-bin/webhook/send?key=${token}`,
    dingtalk: `${base}/robot/send?access_token=${token}`,
    feishu: `${base}/open-apis/bot/v2/hook/${token}`,
  }[opts.kind];
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
