import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { BearerAuthenticator } from '../core/auth';
import type { TaskStore, TaskStatusFields } from './task-store.service';
import { TaskStatusRoute } from './task-status.route';

/** The status route's own handling, with a Fastify stand-in that records the registered handler and the reply. */
describe('TaskStatusRoute', () => {
  const user = { userId: 'alice', roles: ['clinician'] };
  const id = '0b7e6c1a-3f4d-4e2b-9a1c-2d3e4f5a6b7c';
  const fields: TaskStatusFields = {
    kind: 'query',
    owner: 'alice',
    status: 'SUCCESS',
    message: 'Query processed',
    progress: 100,
    resultJson: '{"success":true,"response":"hi \\"there\\""}',
    attempts: 1,
    createdAt: '2026-11-28T10:00:00.000Z',
    updatedAt: '2026-11-28T10:00:01.000Z',
  };

  function setup(statusFields: () => Promise<TaskStatusFields | null>) {
    let handler: ((request: unknown, reply: unknown) => Promise<unknown>) | undefined;
    const fastify = { get: (_path: string, h: typeof handler) => (handler = h) };
    const adapterHost = { httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost;
    const auth = { known: () => user, authenticate: async () => user } as unknown as BearerAuthenticator;
    const store = { statusFields, expiredOwner: async () => null } as unknown as TaskStore;
    new TaskStatusRoute(adapterHost, auth, store).onModuleInit();
    const sent: { status: number; type?: string; body?: unknown } = { status: 200 };
    const reply = {
      type: (t: string) => ((sent.type = t), reply),
      status: (s: number) => ((sent.status = s), reply),
      headers: () => reply,
      send: (b: unknown) => ((sent.body = b), reply),
    };
    const call = () => handler?.({ id: 'req-1', headers: { authorization: 'Bearer x' }, params: { taskId: id } }, reply);
    return { call, sent };
  }

  it('answers the stored result spliced into the JSON body, which parses back to the DTO', async () => {
    const { call, sent } = setup(async () => fields);
    await call();
    expect(sent.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(sent.body as string)).toEqual({
      task_id: id,
      task_type: 'query',
      status: 'SUCCESS',
      message: 'Query processed',
      progress: 100,
      result: { success: true, response: 'hi "there"' },
      attempts: 1,
      created_at: fields.createdAt,
      updated_at: fields.updatedAt,
    });
  });

  it('answers 404 for another user\'s task, exactly as for a missing one', async () => {
    const { call, sent } = setup(async () => ({ ...fields, owner: 'bob' }));
    await call();
    expect(sent.status).toBe(404);
    expect(sent.body).toMatchObject({ success: false, code: 'not_found', request_id: 'req-1' });
  });

  it('answers an unexpected failure with 500 in the error shape and logs its class, not its message', async () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { call, sent } = setup(async () => {
      throw new TypeError('secret detail');
    });
    await call();
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ success: false, code: 'internal_error' });
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ status: 500, code: 'internal_error', err_name: 'TypeError' }));
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret detail');
    log.mockRestore();
  });
});
