/** list_databases: the names of the databases this server can query, without touching any of them. */
import { defineTool, type ToolDefinition } from './tool-definition';
import type { DatabaseRegistry } from '../db/database-registry';

export function listDatabasesTool(registry: DatabaseRegistry): ToolDefinition {
  return defineTool({
    name: 'list_databases',
    title: 'List databases',
    description: 'Lists the names of the databases the database tools can query, and the one they use when none is named.',
    inputSchema: {},
    audience: 'agent',
    readOnly: true,
    async handler() {
      const databases = registry.names();
      return {
        text: `Databases: ${databases.join(', ')} (default: ${registry.defaultName}).`,
        data: { databases, default: registry.defaultName },
      };
    },
  }) as unknown as ToolDefinition;
}
