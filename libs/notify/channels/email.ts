/**
 * E-mail over SMTP (nodemailer). One transport per sender; each send opens its own connection,
 * which suits a handful of escalations a day and leaves no pooled socket to go stale.
 */
import nodemailer from 'nodemailer';

export interface EmailSenderConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it (587). */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** e.g. `活动总结系统 <no-reply@example.org>`; its domain also names the Message-IDs. */
  from: string;
  /** Passed to tls.connect, e.g. `{ rejectUnauthorized: false }` for a relay with a private CA. */
  tls?: { rejectUnauthorized?: boolean; servername?: string };
}

export interface OutgoingEmail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** The dedupe key: becomes `<key@from-domain>`, so a resend of the same notification is recognisable. */
  messageId: string;
}

export interface EmailReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

export interface EmailSender {
  send(mail: OutgoingEmail): Promise<EmailReceipt>;
  close(): void;
}

/** `<key@domain>`; a value already in angle brackets is kept as it is. */
export function formatMessageId(key: string, from: string): string {
  if (key.startsWith('<') && key.endsWith('>')) return key;
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${key}@${domain}>`;
}

export function createEmailSender(config: EmailSenderConfig): EmailSender {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.auth,
    tls: config.tls,
    // nodemailer waits up to 2 min to connect and 10 min on an idle socket; an activity retries sooner.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: formatMessageId(mail.messageId, config.from),
      });
      // With several recipients a server may refuse some and take the message: see `rejected`.
      return { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected, response: info.response };
    },
    close() {
      transport.close();
    },
  };
}
