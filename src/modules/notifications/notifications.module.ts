import { Module } from '@nestjs/common';
import { LoggingMailTransport, MAIL_TRANSPORT } from './mail.transport';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor, RemindersScanProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';
import { REMINDER_HOOKS, RemindersService } from './reminders/reminders.service';

/** In-app notifications, their e-mail copies (a port; the transport only logs for now) and deadline reminders. */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    RemindersService,
    NotificationsProcessor,
    RemindersScanProcessor,
    { provide: MAIL_TRANSPORT, useClass: LoggingMailTransport },
    // No hooks in the product; the worker-kill tests override this to observe a reminder in flight.
    { provide: REMINDER_HOOKS, useValue: {} },
  ],
  exports: [NotificationsService, RemindersService],
})
export class NotificationsModule {}
