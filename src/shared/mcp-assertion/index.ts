export * from './canonical-args';
export * from './mcp-assertion';
