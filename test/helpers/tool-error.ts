import { ToolError } from '../../src/mcp-server/tools/tool-definition';

/** The ToolError a tools-server call rejects with (fails the test when it resolves or throws anything else). */
export async function toolError(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ToolError)) throw new Error(`expected a ToolError, got ${String(error)}`);
  return error;
}
