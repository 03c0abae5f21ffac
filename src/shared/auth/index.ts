export * from './bearer-token';
export * from './published-placeholder';
