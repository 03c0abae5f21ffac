export * from './bearer-token';
