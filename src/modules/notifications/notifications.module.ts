import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DocumentNotices } from './events/document-notices';
import { NotificationEventsService } from './events/notification-events.service';
import { LoggingMailTransport, MAIL_TRANSPORT, SmtpMailTransport } from './mail/mail.transport';
import { NotificationEmailService } from './mail/notification-email.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor, RemindersScanProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';
import { REMINDER_HOOKS, RemindersService } from './reminders/reminders.service';
import { NotificationSettingsController } from './settings/notification-settings.controller';
import { NotificationSettingsService } from './settings/notification-settings.service';
import { ChangeListener } from './stream/change-listener';
import { NotificationsStreamController } from './stream/notifications-stream.controller';
import { StreamAuthService } from './stream/stream-auth.service';
import { StreamHub } from './stream/stream-hub.service';

/**
 * Notifications: in-app rows, their e-mail copies over SMTP (SMTP_URL; log only when unset), document events fed by the
 * outbox, deadline reminders, per-person e-mail settings and the live counts stream (docs/NOTIFICATIONS.md).
 */
@Module({
  controllers: [NotificationsController, NotificationsStreamController, NotificationSettingsController],
  providers: [
    NotificationsService,
    NotificationEventsService,
    NotificationEmailService,
    NotificationSettingsService,
    DocumentNotices,
    RemindersService,
    NotificationsProcessor,
    RemindersScanProcessor,
    ChangeListener,
    StreamHub,
    StreamAuthService,
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => (c.smtpUrl ? new SmtpMailTransport(c.smtpUrl, c.mailFrom) : new LoggingMailTransport()),
    },
    // No hooks in the product; the worker-kill tests override this to observe a reminder in flight.
    { provide: REMINDER_HOOKS, useValue: {} },
  ],
  exports: [NotificationsService, RemindersService, DocumentNotices],
})
export class NotificationsModule {}
