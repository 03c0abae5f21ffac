import { Injectable } from '@nestjs/common';
import jwt, { type GetPublicKeyOrSecret, type JwtPayload } from 'jsonwebtoken';
import JwksRsa from 'jwks-rsa';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfigService } from '../config';
import { AppError, ErrorCode } from '../errors';
import type { AuthenticatedUser } from './authenticated-user';
import { lifetimeProblem } from './token-lifetime';

/**
 * Verifies a JWT outside Nest's guards (bull-board's routes and the task status route are plain
 * Fastify routes) with the same rules as JwtStrategy: the algorithm pinned by configuration
 * (HS256 with JWT_SECRET or RS256 from JWT_JWKS_URI), expiry, issuer and audience when
 * configured, and a non-empty `sub`.
 */
@Injectable()
export class TokenVerifier {
  private readonly key: KeyObject | GetPublicKeyOrSecret;
  private readonly options: jwt.VerifyOptions;
  private readonly maxAgeSeconds: number;

  constructor(config: AppConfigService) {
    const auth = config.all.auth;
    if (auth.jwksUri) {
      const client = JwksRsa({ jwksUri: auth.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 });
      this.key = (header, callback) => {
        client.getSigningKey(header.kid, (error, signingKey) => callback(error, signingKey?.getPublicKey()));
      };
    } else {
      // A KeyObject, as in JwtStrategy: a string makes jsonwebtoken try it as a public key first.
      this.key = createSecretKey(Buffer.from(auth.secret as string, 'utf8'));
    }
    this.maxAgeSeconds = auth.maxAgeSeconds;
    this.options = {
      algorithms: [auth.algorithm],
      ...(auth.issuer ? { issuer: auth.issuer } : {}),
      ...(auth.audience ? { audience: [auth.audience] as [string] } : {}),
    };
  }

  verify(token: string): Promise<AuthenticatedUser & { expiresAt?: number }> {
    return new Promise((resolve, reject) => {
      jwt.verify(token, this.key, this.options, (error, decoded) => {
        if (error || typeof decoded !== 'object' || decoded === null) {
          const message = error?.name === 'TokenExpiredError' ? 'The token has expired' : 'The token was not accepted';
          return reject(new AppError(ErrorCode.Unauthorized, message));
        }
        const claims = decoded as JwtPayload & { roles?: unknown };
        if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
          return reject(new AppError(ErrorCode.Unauthorized, 'The token was not accepted'));
        }
        const problem = lifetimeProblem(claims, this.maxAgeSeconds);
        if (problem) return reject(new AppError(ErrorCode.Unauthorized, problem));
        const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
        resolve({ userId: claims.sub, roles, expiresAt: claims.exp });
      });
    });
  }
}
