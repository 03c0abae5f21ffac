/**
 * Every queue and job name in one place. These values are stored in Redis with every job and
 * in every task record: never rename one (add a new one and migrate instead).
 */
export enum QueueName {
  AiQuery = 'ai-query',
  Medical = 'medical-analysis',
  Database = 'database-query',
  Code = 'code-analysis',
}

/** The seed's Celery task names, kept so operators recognise them. */
export enum JobName {
  AiQuery = 'process_ai_query_task',
  MedicalAnalysis = 'process_medical_analysis_task',
  DatabaseQuery = 'process_database_query_task',
  CodeAnalysis = 'process_code_analysis_task',
}

export type TaskKind = 'query' | 'medical' | 'database' | 'code';

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.AiQuery]: QueueName.AiQuery,
  [JobName.MedicalAnalysis]: QueueName.Medical,
  [JobName.DatabaseQuery]: QueueName.Database,
  [JobName.CodeAnalysis]: QueueName.Code,
};

export const JOB_KIND: Readonly<Record<JobName, TaskKind>> = {
  [JobName.AiQuery]: 'query',
  [JobName.MedicalAnalysis]: 'medical',
  [JobName.DatabaseQuery]: 'database',
  [JobName.CodeAnalysis]: 'code',
};

export const ALL_QUEUES = Object.values(QueueName);

/** Queues that carry no task of their own (no task kind, no status record): not in ALL_QUEUES. */
export enum AuxQueueName {
  Webhooks = 'webhook-delivery',
}

export enum AuxJobName {
  WebhookDelivery = 'deliver_task_webhook',
}
export const ALL_JOBS = Object.values(JobName);
