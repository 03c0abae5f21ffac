import type { AppConfigService } from '../core/config';
import type { DispatcherService } from '../tasks/dispatcher/dispatcher.service';
import { background, RoutingRule } from '../tasks/dispatcher/routing';
import { ErrorCode } from '../core/errors';
import { JobName } from '../tasks/queue-names';
import { CodeAnalysisService } from './code-analysis.service';

const user = { userId: 'dev-1', roles: ['user'] };

function build(codeMaxBytes: number) {
  const calls: { route: unknown[]; enqueue: unknown[][] } = { route: [], enqueue: [] };
  const dispatcher = {
    route: (input: unknown) => {
      calls.route.push(input);
      return background(RoutingRule.AlwaysBackground, 'Code analysis always runs in the background');
    },
    enqueue: async (...args: unknown[]) => {
      calls.enqueue.push(args);
      return { taskId: 'task-1', status: 'PENDING' };
    },
  } as unknown as DispatcherService;
  const config = { all: { tasks: { codeMaxBytes } } } as unknown as AppConfigService;
  return { sut: new CodeAnalysisService(config, dispatcher), calls };
}

describe('CodeAnalysisService.submit', () => {
  it('refuses code over CODE_MAX_BYTES with 413 before routing or enqueueing anything', async () => {
    const { sut, calls } = build(8);

    await expect(sut.submit({ code: '€€€' }, user, 'req-1')).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    expect(calls.route).toHaveLength(0);
    expect(calls.enqueue).toHaveLength(0);
  });

  it('queues code at the limit as a code analysis job with focus all by default', async () => {
    const { sut, calls } = build(9);

    const accepted = await sut.submit({ code: '€€€', filename: 'a.js' }, user, 'req-1');

    expect(calls.route).toEqual([{ kind: 'code' }]);
    expect(calls.enqueue[0][0]).toBe(JobName.CodeAnalysis);
    expect(calls.enqueue[0][1]).toEqual({ code: '€€€', language: undefined, filename: 'a.js', focus: 'all' });
    expect(calls.enqueue[0][2]).toMatchObject({ requester: user, requestId: 'req-1' });
    expect(accepted).toMatchObject({ task_id: 'task-1', status: 'PENDING', status_url: '/api/ai/task/task-1/status/' });
    expect(accepted.routing.rule).toBe(RoutingRule.AlwaysBackground);
  });

  it('passes priority and delay_seconds through to the queue', async () => {
    const { sut, calls } = build(100);

    await sut.submit({ code: 'x', focus: 'security', priority: 'low', delay_seconds: 5 }, user, 'req-2');

    expect(calls.enqueue[0][1]).toMatchObject({ focus: 'security' });
    expect(calls.enqueue[0][2]).toMatchObject({ priority: 'low', delayMs: 5000 });
  });
});
