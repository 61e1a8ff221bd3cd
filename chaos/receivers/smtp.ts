/**
 * A real SMTP server (the `smtp-server` package) on a free local port, recording what it
 * receives, plus just enough MIME decoding to read a Chinese subject and body back.
 */
import net from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface CapturedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  user: string | undefined;
  secure: boolean;
}

export interface SmtpOptions {
  /** username → password; when given, AUTH is required. */
  users?: Record<string, string>;
  /** An SMTP reply code to refuse a recipient with (e.g. 550, 451). */
  rejectRecipient?: (address: string) => number | undefined;
  /** Implicit TLS with the package's built-in localhost certificate. */
  secure?: boolean;
  /** A fixed port (to come back on the same one after an outage); default: any free port. */
  port?: number;
  /** Where received mail goes (one record across a restart); default: a new array. */
  mails?: CapturedMail[];
}

export interface TestSmtpServer {
  port: number;
  mails: CapturedMail[];
  close(): Promise<void>;
}

export async function startSmtpServer(opts: SmtpOptions = {}): Promise<TestSmtpServer> {
  const mails: CapturedMail[] = opts.mails ?? [];
  const server = new SMTPServer({
    secure: opts.secure ?? false,
    // Plain connections in the test: no STARTTLS upgrade with the self-signed certificate.
    disabledCommands: opts.secure ? [] : ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !opts.users,
    logger: false,
    // Closing (an outage on purpose) drops open connections after 1 s instead of 30.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      const ok = opts.users?.[auth.username ?? ''] === auth.password;
      if (!ok) return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const code = opts.rejectRecipient?.(address.address);
      if (code) return callback(Object.assign(new Error(`Recipient refused (${code})`), { responseCode: code }));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
          secure: session.secure,
        });
        callback(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

// ---- MIME, only as far as nodemailer's output needs ----

export interface ParsedMail {
  headers: Map<string, string>;
  /** Decoded text parts by content type, e.g. 'text/plain', 'text/html'. */
  parts: Map<string, string>;
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  return at < 0 ? { head: raw, body: '' } : { head: raw.slice(0, at), body: raw.slice(at + 4) };
}

function parseHeaders(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

function qpBytes(s: string): Buffer {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const hex = src.slice(i + 1, i + 3);
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(src.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; adjacent words are joined at byte level before decoding. */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  for (const m of value.matchAll(word)) {
    const between = value.slice(last, m.index);
    if (pending.length && between.trim() !== '') {
      out += Buffer.concat(pending).toString('utf8');
      pending = [];
    }
    if (!pending.length) out += between;
    const [, , enc, data = ''] = m;
    pending.push(enc?.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' ')));
    last = (m.index ?? 0) + m[0].length;
  }
  if (pending.length) out += Buffer.concat(pending).toString('utf8');
  return out + value.slice(last);
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return qpBytes(body).toString('utf8');
    default:
      return body;
  }
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const parts = new Map<string, string>();
  const collect = (h: Map<string, string>, b: string) => {
    const type = (h.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(h.get('content-type') ?? '')?.[1];
    if (type.startsWith('multipart/') && boundary) {
      for (const chunk of b.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const inner = splitHead(chunk.replace(/^\r\n/, ''));
        collect(parseHeaders(inner.head), inner.body.replace(/\r\n$/, ''));
      }
    } else {
      parts.set(type, decodeBody(b, h.get('content-transfer-encoding')));
    }
  };
  collect(headers, body);
  return { headers, parts };
}
