/**
 * The medcor-tools entry point (`node dist/mcp-server/main.js`): reads and validates the
 * environment, opens the databases, serves the tools over Streamable HTTP, and shuts down cleanly
 * on SIGTERM/SIGINT so in-flight queries finish or are cut off by their own timeouts.
 */
import pino from 'pino';
import { closeCodeAnalysis } from './code';
import { createDatabaseRegistry, databaseRegistryOptionsFromEnv, type DatabaseRegistry } from './db/database-registry';
import type { ToolsServer, ToolsServerLogger } from './server';
import { readToolsServerEnv } from './server/tools-server-env';

const SHUTDOWN_DEADLINE_MS = 10_000;

const log = pino({ name: 'medcor-tools' });
const logger: ToolsServerLogger = {
  log: (message, context) => log.info(context ?? {}, message),
  warn: (message, context) => log.warn(context ?? {}, message),
  error: (message, context) => log.error(context ?? {}, message),
};

async function main(): Promise<void> {
  let serverEnv: ReturnType<typeof readToolsServerEnv>;
  let registryOptions: ReturnType<typeof databaseRegistryOptionsFromEnv>;
  try {
    serverEnv = readToolsServerEnv(process.env);
    registryOptions = databaseRegistryOptionsFromEnv(process.env);
  } catch (error) {
    log.fatal(`Invalid configuration: ${(error as Error).message}`);
    process.exit(1);
  }

  // The databases first (a first start builds the demo database in a process of its own), then
  // the server's and tools' modules load meanwhile and it listens: a client that connects while
  // the databases open waits for them (see `ready`) instead of being refused and backing off;
  // /health says `starting` meanwhile.
  const started = performance.now();
  const opening = createDatabaseRegistry(registryOptions);
  opening.catch(() => undefined); // awaited below, where a failure ends the start-up
  const [{ createToolsServer }, { buildTools }] = await Promise.all([import('./server/index.js'), import('./tools/index.js')]);
  const opened: { registry?: DatabaseRegistry; resolve?: () => void } = {};
  const ready = new Promise<void>((resolve) => (opened.resolve = resolve));
  const server = createToolsServer({
    tools: [],
    ready,
    token: serverEnv.token,
    internalSecret: serverEnv.internalSecret,
    allowedHosts: serverEnv.allowedHosts,
    logger,
  });
  installShutdown(server, () => opened.registry);
  const { url } = await server.listen(serverEnv.port, serverEnv.host);
  log.info({ url: `${url}/mcp`, auth: Boolean(serverEnv.token), internalTools: Boolean(serverEnv.internalSecret) }, 'medcor-tools listening');
  if (!serverEnv.token) log.warn('MCP_SERVER_TOKEN is not set: /mcp accepts unauthenticated requests on loopback');
  if (!serverEnv.internalSecret) log.warn('MCP_INTERNAL_SECRET is not set: the internal tools (patient records, audit) are unavailable');

  const registry = (opened.registry = await opening);
  const tools = buildTools({ registry });
  server.setTools(tools);
  opened.resolve?.();
  const setup = registry.embeddedSetup;
  log.info(
    {
      tools: tools.length,
      databases: registry.names(),
      openMs: Math.round(performance.now() - started),
      ...(setup ? { embedded: setup.created ? `demo database built (${setup.rowCounts.patients} patients)` : 'demo database opened' } : {}),
    },
    'medcor-tools ready',
  );
}

function installShutdown(server: ToolsServer, registry: () => DatabaseRegistry | undefined): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'Second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'Shutting down');
    setTimeout(() => {
      log.error('Shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    void (async () => {
      const results = await Promise.allSettled([server.close()]);
      results.push(...(await Promise.allSettled([registry()?.close(), closeCodeAnalysis()])));
      const failed = results.filter((result) => result.status === 'rejected').length;
      if (failed) log.error({ failed }, 'Some resources did not close cleanly');
      process.exit(failed ? 1 : 0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Start-up errors come from configuration or the databases, not from patient data.
  log.fatal({ errorName: (error as Error)?.name }, `medcor-tools failed to start: ${(error as Error)?.message}`);
  process.exit(1);
});
