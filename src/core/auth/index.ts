export * from './authenticated-user';
export * from './auth.decorators';
export * from './bearer.authenticator';
export * from './token.verifier';
export * from './user-roles.ledger';
export * from './access';
