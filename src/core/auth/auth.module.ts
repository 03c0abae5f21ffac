import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './jwt-auth.guard';
import { AccessGuard } from './access.guard';
import { BearerAuthenticator } from './bearer.authenticator';
import { TokenVerifier } from './token.verifier';
import { UserRolesLedger } from './user-roles.ledger';
import { VerifiedTokenCache } from './verified-token.cache';

/**
 * JWT authentication on every route (unless @Public) and the access policy (@Access, priority);
 * exports the same verification for plain Fastify routes (BearerAuthenticator, TokenVerifier).
 */
@Global()
@Module({
  providers: [
    VerifiedTokenCache,
    TokenVerifier,
    BearerAuthenticator,
    UserRolesLedger,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier, BearerAuthenticator, UserRolesLedger],
})
export class AuthModule {}
