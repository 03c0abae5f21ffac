/**
 * .env.example is the operator's reference: it must name every variable the service and the
 * tools server read, and its values must be the real defaults (loading it changes nothing).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENV_VARIABLES, loadConfig } from '../../src/core/config';
import {
  DEFAULT_DEMO_PATIENTS,
  DEFAULT_ROW_CAP,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  databaseRegistryOptionsFromEnv,
} from '../../src/mcp-server/db/database-registry';
import { DEFAULT_PGLITE_QUEUE } from '../../src/mcp-server/db/pglite-sql-engine';
import { DEFAULT_RESULT_BYTE_CAPS } from '../../src/shared/limits';
import { readToolsServerEnv } from '../../src/mcp-server/server/tools-server-env';

const TOOLS_SERVER_VARIABLES = [
  'MCP_PORT',
  'MCP_HOST',
  'MCP_SERVER_TOKEN',
  'MCP_INTERNAL_SECRET',
  'MCP_ALLOWED_HOSTS',
  'DATABASES',
  'DATABASE_URL',
  'MEDCOR_READER_PASSWORD',
  'MEDCOR_AUDITOR_PASSWORD',
  'MEDCOR_ANALYST_PASSWORD',
  'DEMO_PATIENTS',
  'SQL_ROW_CAP',
  'SQL_STATEMENT_TIMEOUT_MS',
  'PGLITE_DATA_DIR',
  'SQL_CELL_MAX_BYTES',
  'SQL_ROW_MAX_BYTES',
  'SQL_RESULT_MAX_BYTES',
  'PGLITE_QUEUE_TIMEOUT_MS',
  'SQL_CONCURRENCY_PER_CALLER',
];
/** Variables the service reads outside the config schema (none today). */
const EXTRA_SERVICE_VARIABLES: string[] = [];

function readEnvExample(): { env: Record<string, string>; documented: Set<string> } {
  const text = readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
  const env: Record<string, string> = {};
  const documented = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return;
    if (match[1] in env) throw new Error(`${match[1]} is listed twice`);
    env[match[1]] = match[2];
    // A comment may describe a group of consecutive variables.
    let j = i - 1;
    while (j >= 0 && /^[A-Z][A-Z0-9_]*=/.test(lines[j])) j--;
    if (lines[j]?.startsWith('# ')) documented.add(match[1]);
  });
  return { env, documented };
}

describe('.env.example', () => {
  const { env, documented } = readEnvExample();

  it('lists every variable of the service schema and the tools server, each under a comment', () => {
    const expected = [...ENV_VARIABLES, ...TOOLS_SERVER_VARIABLES, ...EXTRA_SERVICE_VARIABLES];
    expect(expected.filter((name) => !(name in env))).toEqual([]);
    expect(Object.keys(env).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists nothing the code does not read', () => {
    const known = new Set([...ENV_VARIABLES, ...TOOLS_SERVER_VARIABLES, ...EXTRA_SERVICE_VARIABLES]);
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
  });

  it('gives the real defaults: loading it yields the same configuration as an empty environment', () => {
    expect(loadConfig(env)).toEqual(loadConfig({}));
    expect(readToolsServerEnv(env)).toEqual(readToolsServerEnv({}));
    expect(databaseRegistryOptionsFromEnv(env)).toEqual({
      databases: undefined,
      databaseUrl: undefined,
      demoPatients: DEFAULT_DEMO_PATIENTS,
      rowCap: DEFAULT_ROW_CAP,
      statementTimeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS,
      dataDir: undefined,
      byteCaps: DEFAULT_RESULT_BYTE_CAPS,
      queueTimeoutMs: DEFAULT_PGLITE_QUEUE.waitMs,
      sqlConcurrencyPerCaller: undefined,
    });
  });
});
