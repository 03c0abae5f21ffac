import { getQueueToken } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Queue } from 'bull';
import type { ModuleRef } from '@nestjs/core';
import { BullConnections } from './bull-connections';
import { loopsEnded, trackLoop } from './queue-startup';

const PATIENT = 'Jane Roe, MRN 555-12-3456';

function fakeQueue(name: string, closing = false): Queue {
  return Object.assign(new EventEmitter(), { name, closing: closing ? Promise.resolve() : undefined }) as unknown as Queue;
}

describe('queue start-up tracking', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed start-up by class and code, never by its message', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sut = fakeQueue('ai-query');
    const error = Object.assign(new Error(`ERR while loading job for ${PATIENT}`), { code: 'ERR' });
    trackLoop(sut, Promise.reject(error), 'process');
    await loopsEnded(sut, 1000);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logged.mock.calls)).not.toContain('Jane Roe');
    expect(logged.mock.calls[0][0]).toMatchObject({ queue: 'ai-query', err_name: 'Error', err_code: 'ERR' });
  });

  it("logs a queue's 'error' events the same way, and none while it closes", () => {
    const logged = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const open = fakeQueue('medical-analysis');
    const closing = fakeQueue('code-analysis', true);
    const queues: Record<string, Queue> = { [getQueueToken('medical-analysis')]: open, [getQueueToken('code-analysis')]: closing };
    const moduleRef = { get: (token: string) => queues[token] ?? (() => { throw new Error('none'); })() } as unknown as ModuleRef;
    new BullConnections(moduleRef).onModuleInit();
    open.emit('error', new Error(`Redis error near ${PATIENT}`));
    closing.emit('error', new Error('Connection is closed.'));
    expect(logged).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logged.mock.calls)).not.toContain('Jane Roe');
  });

  it('stops waiting for a loop that never ends after its limit', async () => {
    const sut = fakeQueue('database-query');
    trackLoop(sut, new Promise(() => undefined), 'process');
    const started = Date.now();
    await expect(loopsEnded(sut, 100)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
