import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Reflector } from '@nestjs/core';
import { HandlesJobs } from './handles-jobs.decorator';
import { JobHandlerConfigurationError, JobWorkers } from './job-workers';
import { JOBS } from './queue.constants';

@Processor('notifications')
@HandlesJobs('task.assigned', 'notification.event', 'notification.email', 'reminder.send')
class NotificationsHandlers extends WorkerHost {
  async process() {
    return null;
  }
}

@Processor('maintenance')
@HandlesJobs('reminder.scan', 'audit.checkpoint', 'export.cleanup')
class MaintenanceHandlers extends WorkerHost {
  async process() {
    return null;
  }
}

@Processor('reports')
@HandlesJobs('export.run')
class ReportsHandlers extends WorkerHost {
  async process() {
    return null;
  }
}

@Processor('exchange')
@HandlesJobs('exchange.send', 'exchange.poll')
class ExchangeHandlers extends WorkerHost {
  async process() {
    return null;
  }
}

@Processor('notifications')
@HandlesJobs('task.assigned')
class SecondTaskAssignedHandler extends WorkerHost {
  async process() {
    return null;
  }
}

@Processor('maintenance')
@HandlesJobs('notification.email')
class WrongQueueHandler extends WorkerHost {
  async process() {
    return null;
  }
}

const boot = (...instances: object[]) => {
  const discovery = { getProviders: () => instances.map((instance) => ({ instance })) };
  const workers = new JobWorkers(discovery as never, new Reflector(), {} as never, {} as never, {} as never);
  workers.onModuleInit();
  return workers;
};

describe('job handler boot check', () => {
  it('accepts exactly one handler per catalogued job', () => {
    expect(Object.keys(boot(new NotificationsHandlers(), new MaintenanceHandlers(), new ExchangeHandlers(), new ReportsHandlers()).handlerMap()).sort()).toEqual(Object.keys(JOBS).sort());
  });

  it('refuses to boot when a job has no handler', () => {
    expect(() => boot(new NotificationsHandlers())).toThrow(/job "reminder.scan" has no handler/);
  });

  it('refuses to boot when a job has two handlers', () => {
    expect(() => boot(new NotificationsHandlers(), new MaintenanceHandlers(), new ReportsHandlers(), new SecondTaskAssignedHandler()))
      .toThrow(/job "task.assigned" has two handlers: NotificationsHandlers and SecondTaskAssignedHandler/);
  });

  it('refuses a handler on another queue than the catalogue says', () => {
    expect(() => boot(new NotificationsHandlers(), new MaintenanceHandlers(), new ReportsHandlers(), new WrongQueueHandler())).toThrow(JobHandlerConfigurationError);
  });
});
