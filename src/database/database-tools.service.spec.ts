import { AppError, ErrorCode } from '../core/errors';
import { toToolResult } from '../core/mcp/mcp-call-outcome';
import type { McpClient } from '../core/mcp/mcp-client';
import type { MetricsService } from '../core/metrics/metrics.service';
import { DEFAULT_RESULT_BYTE_CAPS } from '../shared/limits';
import { DatabaseToolsService, toolFailure } from './database-tools.service';

/** A medcor-tools error result as the MCP client hands it over. */
const toolError = (code: string, error: string, details?: unknown) =>
  toToolResult({ isError: true, content: [{ type: 'text', text: JSON.stringify({ error, code, ...(details === undefined ? {} : { details }) }) }] });

describe('toolFailure', () => {
  it('turns the gate refusal into sql_refused carrying the gate reason', () => {
    const sut = toolFailure('sql_query', toolError('refused', 'Query refused: Exactly one statement is allowed; found 3.', { rule: 'multiple_statements', reason: 'Exactly one statement is allowed; found 3.' }), 'medcor_db2');
    expect(sut).toBeInstanceOf(AppError);
    expect(sut.code).toBe(ErrorCode.SqlRefused);
    expect(sut.details).toEqual({ rule: 'multiple_statements', reason: 'Exactly one statement is allowed; found 3.' });
  });

  it('turns an unknown database into unknown_database listing the known names', () => {
    const sut = toolFailure('explain_query', toolError('not_found', 'Unknown database "x". Known databases: a, b', { known: ['a', 'b'] }), 'x');
    expect(sut.code).toBe(ErrorCode.UnknownDatabase);
    expect(sut.details).toEqual({ database: 'x', known: ['a', 'b'] });
    expect(sut.message).toBe('Unknown database "x". Known databases: a, b');
  });

  it('reads a missing tool as a tool failure, not as an unknown database', () => {
    const sut = toolFailure('explain_query', toolError('not_found', 'Unknown tool: explain_query'), 'medcor_db2');
    expect(sut.code).toBe(ErrorCode.ToolFailed);
  });

  it('reports PostgreSQL rejecting a statement as a 400 the caller can fix', () => {
    const sut = toolFailure('sql_query', toolError('invalid_argument', 'column "nope" does not exist', { sqlstate: '42703' }), 'medcor_db2');
    expect(sut.code).toBe(ErrorCode.ValidationFailed);
    expect(sut.details).toEqual({ reason: 'sql_error', sqlstate: '42703' });
  });

  it('retries an unavailable database but not a statement timeout', () => {
    expect(toolFailure('sql_query', toolError('unavailable', 'down'), 'd').transient).toBe(true);
    const timeout = toolFailure('sql_query', toolError('timeout', 'ran longer than 15000 ms'), 'd');
    expect(timeout.code).toBe(ErrorCode.Timeout);
    expect(timeout.transient).toBe(false);
  });

  it('keeps a plain-text error readable', () => {
    const sut = toolFailure('sql_query', { isError: true, text: 'boom' }, 'd');
    expect(sut.code).toBe(ErrorCode.ToolFailed);
    expect(sut.message).toBe('sql_query failed: boom');
  });
});

describe('DatabaseToolsService.runSql', () => {
  /** A tools server that ignores the byte caps and sends `rows` as they are. */
  const serviceReturning = (rows: unknown[][]) => {
    const data = { columns: [{ name: 'big', type: 'text' }], rows, row_count: rows.length, truncated: false, duration_ms: 1 };
    const mcp = {
      listTools: async () => [],
      callTool: async () => ({ isError: false, text: '', data }),
    } as unknown as McpClient;
    const metrics = { mcpCalls: { inc: () => undefined } } as unknown as MetricsService;
    return new DatabaseToolsService(mcp, metrics);
  };

  it('never passes on more rows than the result byte cap, and says why', async () => {
    const rows = Array.from({ length: 100 }, () => ['x'.repeat(60_000)]);
    const sut = await serviceReturning(rows).runSql('SELECT big', 'medcor_db2');
    expect(Buffer.byteLength(JSON.stringify(sut.rows))).toBeLessThanOrEqual(DEFAULT_RESULT_BYTE_CAPS.resultMaxBytes);
    expect(sut).toMatchObject({ truncated: true, truncated_reason: 'result_bytes' });
    expect(sut.row_count).toBe(sut.rows.length);
    expect(sut.row_count).toBeLessThan(100);
  });

  it('cuts a value larger than the cell cap', async () => {
    const sut = await serviceReturning([['y'.repeat(1_000_000)]]).runSql('SELECT big', 'medcor_db2');
    expect(sut).toMatchObject({ truncated: true, truncated_reason: 'cell_bytes', row_count: 1 });
    expect(sut.rows[0][0]).toMatch(/…\[cut: 1000000 bytes\]$/);
  });
});
