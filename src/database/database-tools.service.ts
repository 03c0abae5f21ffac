/**
 * Owns the gateway's direct calls to medcor-tools' database tools (explain_query, sql_query,
 * list_databases) and the translation of their errors into AppErrors: the gateway holds no database
 * credentials, so every statement and every database name is judged by the tools server.
 */
import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../core/errors';
import { McpActor, McpClient, McpToolResult } from '../core/mcp/mcp-client';
import { toolFailure as sharedToolFailure } from '../core/mcp/tool-failure';
import { MetricsService } from '../core/metrics/metrics.service';
import { capRun, isSqlRunData, SqlRunData } from './database-result';

export interface ToolCallOptions {
  signal?: AbortSignal;
  requestId?: string;
  /** The caller, asserted to the tools server (SQL audit and role checks). */
  actor?: McpActor;
}

/** How long the list of database names is trusted before list_databases is asked again. */
const KNOWN_DATABASES_TTL_MS = 60_000;

@Injectable()
export class DatabaseToolsService {
  private known?: { names: string[]; at: number };

  constructor(
    private readonly mcp: McpClient,
    private readonly metrics: MetricsService,
  ) {}

  /** The planner's total cost for `sql` (which the tools server's gate judges first). */
  async explainCost(sql: string, database: string, options: ToolCallOptions = {}): Promise<number> {
    const result = await this.call('explain_query', { database, sql }, options);
    const cost = Number((result.data as { total_cost?: unknown } | undefined)?.total_cost);
    if (!Number.isFinite(cost)) throw new AppError(ErrorCode.ToolFailed, 'explain_query returned no total_cost');
    return cost;
  }

  async runSql(sql: string, database: string, options: ToolCallOptions = {}): Promise<SqlRunData> {
    const result = await this.call('sql_query', { database, sql }, options);
    if (!isSqlRunData(result.data)) throw new AppError(ErrorCode.ToolFailed, 'sql_query returned no structured result');
    return { ...capRun(result.data), sql };
  }

  /**
   * Throws UnknownDatabase (400, listing the names) when the tools server does not know
   * `database`. Silent when the server cannot be asked: the tool call that follows reports that.
   */
  async assertKnownDatabase(database: string, options: ToolCallOptions = {}): Promise<void> {
    const names = await this.knownDatabases(options);
    if (names && !names.includes(database)) throw unknownDatabase(database, names);
  }

  /** Names from list_databases (no database is touched to answer it); null when unreachable. */
  async knownDatabases(options: ToolCallOptions = {}): Promise<string[] | null> {
    if (this.known && Date.now() - this.known.at < KNOWN_DATABASES_TTL_MS) return this.known.names;
    if (!this.mcp.isAvailable()) return null;
    try {
      const result = await this.call('list_databases', {}, options);
      const names = (result.data as { databases?: unknown } | undefined)?.databases;
      if (!Array.isArray(names)) return null;
      this.known = { names: names.map(String), at: Date.now() };
      return this.known.names;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.McpUnavailable) return null;
      throw error;
    }
  }

  private async call(tool: string, args: Record<string, unknown>, options: ToolCallOptions): Promise<McpToolResult> {
    const name = await this.resolve(tool);
    let result: McpToolResult;
    try {
      result = await this.mcp.callTool(name, args, { signal: options.signal, requestId: options.requestId, actor: options.actor });
    } catch (error) {
      this.metrics.mcpCalls.inc({ tool, outcome: 'failed' });
      throw error;
    }
    this.metrics.mcpCalls.inc({ tool, outcome: result.isError ? 'tool_error' : 'ok' });
    if (result.isError) throw toolFailure(tool, result, String(args.database ?? ''));
    return result;
  }

  /** The client namespaces a tool (`server__tool`) only when two servers offer the same name. */
  private async resolve(tool: string): Promise<string> {
    try {
      const tools = await this.mcp.listTools();
      return tools.find((t) => t.originalName === tool)?.name ?? tool;
    } catch {
      return tool;
    }
  }
}

export function unknownDatabase(database: string, known: string[]): AppError {
  return new AppError(ErrorCode.UnknownDatabase, `Unknown database "${database}". Known databases: ${known.join(', ')}`, {
    details: { database, known },
  });
}

/**
 * A tool's own error (isError) as the AppError the client or the task runner acts on: the one
 * mapping (core/mcp/tool-failure), quoting the SQL tools' messages, refined where the database
 * path knows more: an unknown database lists the known ones, a missing tool is the tools
 * server's fault (502), PostgreSQL's refusal of a statement carries its SQLSTATE, and a
 * statement that ran past its timeout is not retried (it would again).
 */
export function toolFailure(tool: string, result: McpToolResult, database: string): AppError {
  return sharedToolFailure(tool, result, { quote: true, refine: (failure, message) => refineSqlFailure(tool, failure, message, database) });
}

function refineSqlFailure(tool: string, result: McpToolResult, message: string, database: string): AppError | undefined {
  const details = (result.errorDetails ?? {}) as { known?: unknown; sqlstate?: string };
  switch (result.errorCode) {
    case 'forbidden':
      // The analyst role's grants stopped it (medcor.* instead of the reporting views): 403, not a tool fault.
      return new AppError(ErrorCode.Forbidden, message, { details: { reason: message, sqlstate: details.sqlstate } });
    case 'not_found':
      if (Array.isArray(details.known)) return unknownDatabase(database, details.known.map(String));
      return new AppError(ErrorCode.ToolFailed, `The MCP tools server cannot run ${tool}: ${message}`);
    case 'invalid_argument':
      // The statement passed the gate but PostgreSQL rejected it (unknown column, bad cast…).
      return new AppError(ErrorCode.ValidationFailed, message, { details: { reason: 'sql_error', sqlstate: details.sqlstate } });
    case 'timeout':
      return new AppError(ErrorCode.Timeout, message);
    default:
      return undefined;
  }
}
