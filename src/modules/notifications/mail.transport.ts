import { Injectable, Logger } from '@nestjs/common';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailMessage {
  to: { userId: string; fullName: string; username: string };
  subject: string;
  text: string;
}

/** The e-mail port (STYLE §6 "fakes sit behind interfaces"). A real SMTP/API transport plugs in here later. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

/** The only transport for now: writes the message to the log. */
@Injectable()
export class LoggingMailTransport implements MailTransport {
  private readonly logger = new Logger('Mail');

  async send(m: MailMessage): Promise<void> {
    this.logger.log({ to: m.to.username, userId: m.to.userId, subject: m.subject }, `E-mail (log only): ${m.subject}`);
  }
}
