import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { RolesGuard } from './roles.guard';
import { VerifiedTokenCache } from './verified-token.cache';

/** JWT authentication on every route (unless @Public) and role checks (@Roles). */
@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [JwtStrategy, VerifiedTokenCache, { provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useClass: RolesGuard }],
})
export class AuthModule {}
