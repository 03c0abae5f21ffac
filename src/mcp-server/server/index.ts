/** The medcor-tools server shell: HTTP + MCP sessions around a list of ToolDefinitions. */
export { createToolsServer, type ToolsServer, type ToolsServerOptions } from './tools-server';
export { AUDIENCE_META_KEY, REQUEST_ID_META_KEY, type ToolsServerLogger } from './tool-dispatcher';
