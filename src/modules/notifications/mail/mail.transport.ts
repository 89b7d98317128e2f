import { Injectable, Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailMessage {
  to: { userId: string; fullName: string; username: string; email: string | null };
  subject: string;
  text: string;
  html?: string;
  /** Stable per notification, so a receiving system can recognise a copy sent twice (see docs/NOTIFICATIONS.md). */
  messageId?: string;
  headers?: Record<string, string>;
}

/** The e-mail port. `delivers` false: nothing leaves the process (no SMTP_URL), so no address is needed. */
export interface MailTransport {
  readonly delivers: boolean;
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

/** SMTP_URL unset: no e-mail is sent; the message is only written to the log. */
@Injectable()
export class LoggingMailTransport implements MailTransport {
  readonly delivers = false;
  private readonly logger = new Logger('Mail');

  async send(m: MailMessage): Promise<void> {
    this.logger.log({ to: m.to.username, userId: m.to.userId, subject: m.subject }, `E-mail (log only, SMTP_URL unset): ${m.subject}`);
  }
}

/** E-mail over SMTP (nodemailer), one pooled transport per process. */
export class SmtpMailTransport implements MailTransport {
  readonly delivers = true;
  private readonly transporter: Transporter;

  constructor(url: string, private readonly from: string) {
    this.transporter = createTransport(url);
  }

  async send(m: MailMessage): Promise<void> {
    if (!m.to.email) throw new Error('SmtpMailTransport: recipient has no e-mail address');
    await this.transporter.sendMail({
      from: this.from, to: { name: m.to.fullName, address: m.to.email }, subject: m.subject, text: m.text, html: m.html,
      messageId: m.messageId, headers: m.headers,
    });
  }

  close(): void {
    this.transporter.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}
