export * from './config.schema';
export * from './config.module';
export type { AppRole } from './app.config';
