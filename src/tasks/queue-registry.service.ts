import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { QueueDepthSource } from '../core/metrics/queue-depth.collector';
import { ALL_QUEUES, JOB_QUEUE, JobName, QueueName, TaskKind } from './queue-names';

const KIND_QUEUE: Readonly<Record<TaskKind, QueueName>> = {
  query: QueueName.AiQuery,
  medical: QueueName.Medical,
  database: QueueName.Database,
  code: QueueName.Code,
};

/** The task queues, injected once: by name, by job, by task kind, or all of them. */
@Injectable()
export class QueueRegistry implements QueueDepthSource {
  private readonly queues: Readonly<Record<QueueName, Queue>>;

  constructor(
    @InjectQueue(QueueName.AiQuery) aiQuery: Queue,
    @InjectQueue(QueueName.Medical) medical: Queue,
    @InjectQueue(QueueName.Database) database: Queue,
    @InjectQueue(QueueName.Code) code: Queue,
  ) {
    this.queues = { [QueueName.AiQuery]: aiQuery, [QueueName.Medical]: medical, [QueueName.Database]: database, [QueueName.Code]: code };
  }

  get(name: QueueName): Queue {
    return this.queues[name];
  }

  forJob(job: JobName): Queue {
    return this.queues[JOB_QUEUE[job]];
  }

  forKind(kind: TaskKind): Queue {
    return this.queues[KIND_QUEUE[kind]];
  }

  all(): { name: QueueName; queue: Queue }[] {
    return ALL_QUEUES.map((name) => ({ name, queue: this.queues[name] }));
  }
}
