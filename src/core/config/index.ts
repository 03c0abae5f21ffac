export * from './config.schema';
export * from './config.module';
export type { AppRole } from './app.config';
export { isLoopbackHost, withLocalSecrets, LOCAL_SECRETS_FILE } from './local-secrets';
