/**
 * Start-up: validate the configuration first (a bad value stops the process naming the
 * variable), then build the app for APP_ROLE (api | worker | all) and listen. Workers listen too,
 * for their health probes and metrics.
 */
import 'reflect-metadata';
import { ConfigValidationError, loadConfig, withLocalSecrets } from './core/config';

async function bootstrap(): Promise<void> {
  let config;
  // A loopback server outside production may take its secrets from the checkout's local file.
  const local = withLocalSecrets(process.env);
  try {
    config = loadConfig(local.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Imported after validation: decorators read validated variables (e.g. worker concurrency).
  const { createApp } = await import('./app.factory.js');
  const app = await createApp(config);
  await app.listen(config.app.port, config.app.host);
  const logger = app.get((await import('nestjs-pino')).Logger);
  logger.log(`MedCor AI service (${config.app.role}) listening on ${config.app.host}:${config.app.port}`, 'Bootstrap');
  if (local.from) logger.log(`Secrets not set in the environment are read from ${local.from}`, 'Bootstrap');
  const ephemeral = [config.auth.ephemeralSecret && 'JWT_SECRET', config.security.ephemeralPhiKey && 'PHI_ENCRYPTION_KEY'].filter(Boolean);
  if (ephemeral.length) {
    logger.warn(`${ephemeral.join(' and ')} not set: using random values for this process only (tokens and sealed data do not survive a restart; \`npm start\` keeps them in .medcor/dev-secrets.env)`, 'Bootstrap');
  }
  const { describeMissing, missingOptionalDependencies } = await import('./health/missing-dependencies.js');
  for (const missing of missingOptionalDependencies(config)) logger.warn(describeMissing(missing), 'Bootstrap');
}

void bootstrap().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
