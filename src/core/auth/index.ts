export * from './authenticated-user';
export * from './auth.decorators';
