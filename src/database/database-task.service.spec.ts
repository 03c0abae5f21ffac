import { AppError, ErrorCode } from '../core/errors';
import type { AgentResult, AgentToolCall } from '../core/llm/agent.service';
import { DatabaseTaskService, naturalLanguageAnswer, naturalLanguagePrompt, sqlRunsOf } from './database-task.service';

const run = (sql: string, rows: unknown[][], database = 'medcor_db2') => ({
  columns: [{ name: 'n', type: 'int8' }],
  rows,
  row_count: rows.length,
  truncated: false,
  duration_ms: 2,
  database,
  sql,
});

const call = (tool: string, args: Record<string, unknown>, isError = false, data?: unknown): AgentToolCall => ({
  tool,
  arguments: args,
  is_error: isError,
  data,
});

describe('sqlRunsOf', () => {
  it('lists every sql_query attempt and keeps the rows of the last successful one', () => {
    const calls = [
      call('list_tables', {}),
      call('sql_query', { sql: 'SELECT count(*) AS n FROM medcor.patients' }, false, run('x', [['10']])),
      call('sql_query', { sql: 'DELETE FROM medcor.patients' }, true),
      call('medcor__sql_query', { sql: 'SELECT 7 AS n' }, false, run('y', [['7']])),
    ];
    const sut = sqlRunsOf(calls, 'medcor_db2');
    expect(sut.attempts).toEqual([
      { sql: 'SELECT count(*) AS n FROM medcor.patients', success: true },
      { sql: 'DELETE FROM medcor.patients', success: false },
      { sql: 'SELECT 7 AS n', success: true },
    ]);
    expect(sut.last).toMatchObject({ sql: 'SELECT 7 AS n', rows: [['7']] });
  });

  it('ignores rows from another database than the one asked about', () => {
    const sut = sqlRunsOf([call('sql_query', { sql: 'SELECT 1 AS n' }, false, run('z', [['1']], 'other'))], 'medcor_db2');
    expect(sut.last).toBeUndefined();
  });
});

describe('naturalLanguageAnswer', () => {
  const result = (calls: AgentToolCall[], text = 'There are 10 patients.'): AgentResult => ({
    text,
    toolsUsed: calls.map((c) => c.tool),
    toolCalls: calls,
    usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    mcpAvailable: true,
    stoppedEarly: false,
  });

  it('shows the answer, the SQL it ran and a table of the rows', () => {
    const sql = 'SELECT count(*) AS n FROM medcor.patients';
    const sut = naturalLanguageAnswer(result([call('list_tables', {}), call('sql_query', { sql }, false, run(sql, [['10']]))]), 'medcor_db2', 0.4);
    expect(sut).toMatchObject({ mode: 'natural_language', sql, rows: [['10']], row_count: 1, tools_used: ['list_tables', 'sql_query'] });
    expect(sut.response).toContain('There are 10 patients.');
    expect(sut.response).toContain(`SQL run:\n${sql}`);
    expect(sut.response).toMatch(/n\s*\n-+\n10/);
  });

  it('fails when no query ran successfully: an answer with no query behind it is not a result', () => {
    const failed = call('sql_query', { sql: "SELECT nope FROM patients WHERE name = 'Ada Lovelace'" }, true);
    for (const calls of [[], [failed]]) {
      let error: unknown;
      try {
        naturalLanguageAnswer(result(calls, 'There are 42 patients.'), 'medcor_db2', 0.1);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.ToolFailed);
      expect((error as AppError).transient).toBe(false);
      // How many statements were tried, never their text (a literal may be patient data).
      expect((error as AppError).message).toContain(`(${calls.length} attempted)`);
      expect((error as AppError).message).not.toContain('Lovelace');
    }
  });
});

describe('naturalLanguagePrompt', () => {
  it('tells the agent the schema, the one read-only SELECT, and the tool and database to run it with', () => {
    const sut = naturalLanguagePrompt('medcor_db2');
    expect(sut).toContain('de-identified reporting views');
    expect(sut).toMatch(/one read-only SELECT/);
    expect(sut).toContain('sql_query, passing database "medcor_db2"');
  });
});

describe('DatabaseTaskService.run (SQL mode)', () => {
  it('reports progress at parse → plan → execute → summarise, then caches the answer', async () => {
    const sql = 'SELECT d.name, count(*) FROM medcor.encounters e JOIN medcor.departments d ON d.id = e.department_id GROUP BY d.name';
    const steps: string[] = [];
    const cached: unknown[] = [];
    const tools = {
      explainCost: async () => {
        steps.push('tool:explain_query');
        return 42.5;
      },
      runSql: async () => {
        steps.push('tool:sql_query');
        return { ...run(sql, [['ER', '3']]), sql };
      },
    };
    const cache = { set: async (scope: unknown) => void cached.push(scope) };
    const sut = new DatabaseTaskService(tools as never, {} as never, cache as never);
    const ctx = {
      input: { query: sql, database: 'medcor_db2', mode: 'sql' as const },
      meta: { requester: { userId: 'u1', roles: [] }, requestId: 'r1' },
      signal: new AbortController().signal,
      progress: async (percent: number, message: string) => void steps.push(`${percent}:${message}`),
    };

    const outcome = await sut.run(ctx as never);

    expect(steps).toEqual([
      '10:Parsing the SQL',
      '30:Planning the query',
      'tool:explain_query',
      '60:Executing the query (estimated cost 42.5)',
      'tool:sql_query',
      '90:Summarising the result',
    ]);
    expect(outcome.result).toMatchObject({ mode: 'sql', estimated_cost: 42.5, rows: [['ER', '3']], sql });
    expect(cached).toEqual([{ userId: 'u1', database: 'medcor_db2', query: sql }]);
  });

  it('fails a refused statement before any tool is called', async () => {
    const called: string[] = [];
    const tools = { explainCost: async () => void called.push('explain'), runSql: async () => void called.push('run') };
    const sut = new DatabaseTaskService(tools as never, {} as never, { set: async () => undefined } as never);
    const ctx = {
      input: { query: 'SELECT 1; COMMIT; DROP TABLE medcor.patients', database: 'medcor_db2', mode: 'sql' as const },
      meta: { requester: { userId: 'u1', roles: [] } },
      signal: new AbortController().signal,
      progress: async () => undefined,
    };
    await expect(sut.run(ctx as never)).rejects.toMatchObject({ code: 'sql_refused' });
    expect(called).toEqual([]);
  });
});
