import { ErrorCode } from '../core/errors';
import { background, RoutingRule } from './dispatcher/routing';
import { TaskHandover, TaskHandoverRegistry } from './task-handover.registry';

describe('TaskHandoverRegistry', () => {
  const handover: TaskHandover = {
    text: 'SELECT 1',
    options: {},
    user: { userId: 'alice', roles: ['clinician'] },
    requestId: 'req-1',
    routing: background(RoutingRule.UseCelery, 'asked for'),
  };

  it('hands a kind of work to the service its domain registered, and only one per kind', async () => {
    const sut = new TaskHandoverRegistry();
    const seen: TaskHandover[] = [];
    sut.register('database', async (h) => {
      seen.push(h);
      return { success: true, task_id: 't-1', status: 'PENDING', message: 'queued', estimated_time: '1 s', status_url: '/x', routing: h.routing } as never;
    });
    await expect(sut.handOver('database', handover)).resolves.toMatchObject({ task_id: 't-1' });
    expect(seen).toEqual([handover]);
    expect(() => sut.register('database', async () => ({}) as never)).toThrow(/already registered/);
  });

  it('answers an internal error for a kind no domain accepts in this process', async () => {
    await expect(new TaskHandoverRegistry().handOver('code', handover)).rejects.toMatchObject({ code: ErrorCode.Internal });
  });
});
