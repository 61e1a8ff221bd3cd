/**
 * Group robots: WeCom (企业微信), DingTalk (钉钉) and Feishu (飞书) custom bots, each in its own
 * JSON format and signing scheme. Build the request inside each retry: DingTalk and Feishu
 * refuse a signature whose timestamp is more than an hour off their clock.
 */
import { createHmac } from 'node:crypto';
import { escapeFeishuText, escapeMarkdown } from '../escape.js';
import { DeliveryError } from '../retry.js';

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu';

/**
 * A rendered message (libs/notify/message.ts): `markdown` has what users typed escaped already;
 * `title` and `text` are plain, and escaped here for Feishu.
 */
export interface RobotMessage {
  title: string;
  text: string;
  markdown: string;
  /** When present, Feishu `post` messages render it as a link element. */
  link?: string;
}

export interface RobotTarget {
  /** The webhook URL as the robot's settings page shows it (WeCom `?key=`, DingTalk `?access_token=`). */
  url: string;
  /** DingTalk "加签" / Feishu "签名校验" secret. WeCom robots have no signing; ignored there. */
  secret?: string;
  now: Date;
  /** Feishu only: rich text with a title and a link (default) or plain text. */
  feishuMsgType?: 'post' | 'text';
}

export interface RobotRequest {
  kind: RobotKind;
  url: string;
  body: Record<string, unknown>;
}

/**
 * DingTalk: Base64(HMAC-SHA256(key = secret, message = `${timestampMs}\n${secret}`)), sent
 * URL-encoded as the `sign` query parameter next to `timestamp` (milliseconds).
 */
export function dingtalkSign(timestampMs: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Feishu: Base64(HMAC-SHA256(key = `${timestampSec}\n${secret}`, message = empty)), sent in the
 * body as `sign` with `timestamp` (seconds, string). Note the key/message swap against DingTalk.
 */
export function feishuSign(timestampSec: string, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/** WeCom refuses markdown content over 4096 bytes (UTF-8); cut at a character boundary. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

function feishuPost(message: RobotMessage): PostElement[][] {
  return message.text.split('\n').map((line): PostElement[] => {
    const at = message.link ? line.indexOf(message.link) : -1;
    if (!message.link || at < 0) return [{ tag: 'text', text: escapeFeishuText(line) }];
    const row: PostElement[] = [];
    if (at > 0) row.push({ tag: 'text', text: escapeFeishuText(line.slice(0, at)) });
    row.push({ tag: 'a', text: message.link, href: message.link });
    const rest = line.slice(at + message.link.length);
    if (rest) row.push({ tag: 'text', text: escapeFeishuText(rest, message.link) });
    return row;
  });
}

export function buildRobotRequest(kind: RobotKind, message: RobotMessage, target: RobotTarget): RobotRequest {
  switch (kind) {
    case 'wecom':
      return {
        kind,
        url: target.url,
        body: { msgtype: 'markdown', markdown: { content: truncateUtf8(message.markdown, WECOM_MARKDOWN_MAX_BYTES) } },
      };
    case 'dingtalk': {
      const url = new URL(target.url);
      if (target.secret) {
        const timestamp = String(target.now.getTime());
        // URLSearchParams form-encodes: '+' → %2B, '/' → %2F, '=' → %3D, as DingTalk's urlEncode step asks.
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', dingtalkSign(timestamp, target.secret));
      }
      // The title is the preview in the chat list: plain text, escaped all the same (the service's own part has no markup).
      const markdown = { title: escapeMarkdown(message.title), text: message.markdown };
      return { kind, url: url.toString(), body: { msgtype: 'markdown', markdown } };
    }
    case 'feishu': {
      const title = escapeFeishuText(message.title, message.link);
      const body: Record<string, unknown> =
        target.feishuMsgType === 'text'
          ? { msg_type: 'text', content: { text: escapeFeishuText(`${message.title}\n${message.text}`, message.link) } }
          : { msg_type: 'post', content: { post: { zh_cn: { title, content: feishuPost(message) } } } };
      if (target.secret) {
        const timestamp = String(Math.floor(target.now.getTime() / 1000));
        body.timestamp = timestamp;
        body.sign = feishuSign(timestamp, target.secret);
      }
      return { kind, url: target.url, body };
    }
  }
}

/**
 * Codes a retry can get past; every other non-zero code is permanent (wrong URL, signature,
 * keyword or IP settings, malformed message). Waits follow each platform's documented limits:
 * WeCom 20 messages/min; DingTalk 20/min and then throttled for 10 min; Feishu 5/s, 100/min.
 */
const TRANSIENT_CODES: Record<RobotKind, Record<number, number>> = {
  wecom: { [-1]: 0 /* system busy */, 45009: 60_000 /* api freq out of limit */ },
  dingtalk: { [-1]: 0 /* system busy */, 130101: 600_000 /* send too fast, exceed 20 times per minute */ },
  // 9499 comes back both for over-limit calls and as "Bad Request"; retried, since the retries are bounded.
  feishu: { 2200: 0 /* internal error */, 9499: 1_000, 11232: 1_000 /* frequency limited */ },
};

export function robotError(kind: RobotKind, code: number, message: string): DeliveryError {
  const retryAfterMs = TRANSIENT_CODES[kind][code];
  return new DeliveryError(`${kind} robot refused the message: ${code} ${message}`, retryAfterMs === undefined, {
    code,
    ...(retryAfterMs ? { retryAfterMs } : {}),
  });
}

export interface RobotResponse {
  status: number;
  body: unknown;
}

function platformCode(kind: RobotKind, body: unknown): { code: number; msg: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  // Feishu answers `code`/`msg`; older endpoints still answer `StatusCode`/`StatusMessage`.
  const code = kind === 'feishu' ? (b.code ?? b.StatusCode) : b.errcode;
  const msg = kind === 'feishu' ? (b.msg ?? b.StatusMessage) : b.errmsg;
  return typeof code === 'number' ? { code, msg: String(msg ?? '') } : undefined;
}

export const ROBOT_TIMEOUT_MS = 10_000;

/** POSTs the request; resolves only when the robot accepted it (HTTP 2xx and result code 0). */
export async function sendRobot(request: RobotRequest, fetchImpl: typeof fetch = fetch): Promise<RobotResponse> {
  let res: Response;
  try {
    res = await fetchImpl(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(ROBOT_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new DeliveryError(`${request.kind} robot unreachable: ${(cause as Error).message}`, false, { cause });
  }
  const raw = await res.text().catch(() => '');
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: judged by the HTTP status alone
  }
  const answer = platformCode(request.kind, body);
  if (answer && answer.code !== 0) throw robotError(request.kind, answer.code, answer.msg);
  if (!res.ok) {
    const transient = res.status === 429 || res.status >= 500;
    const retryAfterMs = Number(res.headers.get('retry-after')) * 1000 || undefined;
    throw new DeliveryError(`${request.kind} robot answered HTTP ${res.status}`, !transient, {
      code: res.status,
      ...(retryAfterMs ? { retryAfterMs } : {}),
    });
  }
  // Robots always answer a code; a 200 without one is some other web server behind a wrong URL.
  if (!answer) throw new DeliveryError(`${request.kind} robot URL answered without a result code`, true);
  return { status: res.status, body };
}
