/**
 * A stand-in McpClient for unit specs of domain services: each tool answers from a handler and
 * every call is recorded. (Integration and e2e tests use the real client and tools server.)
 */
import { McpClient, type McpActor, type McpCallOptions, type McpToolResult } from '../../src/core/mcp/mcp-client';

export type ToolHandler = (args: Record<string, unknown>) => McpToolResult | Promise<McpToolResult>;

export class ScriptedMcpClient extends McpClient {
  readonly calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  /** The identity each call asserted, in call order (kept apart so `calls` stays name + args). */
  readonly actors: Array<McpActor | undefined> = [];

  constructor(readonly handlers: Record<string, ToolHandler>) {
    super();
  }

  async callTool(name: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<McpToolResult> {
    this.calls.push({ name, args });
    this.actors.push(options.actor);
    const handler = this.handlers[name];
    if (!handler) throw new Error(`unexpected tool ${name}`);
    return handler(args);
  }

  listTools = async () => [];
  isAvailable = () => true;
  status = () => [];
  ping = async () => true;

  names(): string[] {
    return this.calls.map((c) => c.name);
  }

  argsOf(tool: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.name === tool).map((c) => c.args);
  }
}
