import { Injectable } from '@nestjs/common';
import jwt, { type GetPublicKeyOrSecret, type JwtPayload } from 'jsonwebtoken';
import JwksRsa from 'jwks-rsa';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfigService } from '../config';
import { AppError, ErrorCode } from '../errors';
import type { AuthenticatedUser } from './authenticated-user';
import { lifetimeProblem } from './token-lifetime';

/**
 * The one JWT verification of the gateway (the global guard through BearerAuthenticator,
 * bull-board's routes, the task status route): the algorithm list pinned by configuration
 * (HS256 with JWT_SECRET or RS256 from JWT_JWKS_URI), so `alg: none` or an HS256 token signed
 * with the RSA public key is refused; expiry, issuer and audience when configured; the lifetime
 * rule (JWT_MAX_AGE_SECONDS); and a non-empty `sub`.
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
      // A KeyObject, not the string: jsonwebtoken otherwise tries createPublicKey(secret) on every
      // request and catches its throw before falling back to a secret key (measured: 29% of the
      // API's CPU under load on the status route).
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
          return reject(new AppError(ErrorCode.Unauthorized, describeFailure(error)));
        }
        const claims = decoded as JwtPayload & { roles?: unknown };
        const problem = lifetimeProblem(claims, this.maxAgeSeconds);
        if (problem) return reject(new AppError(ErrorCode.Unauthorized, problem));
        if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
          return reject(new AppError(ErrorCode.Unauthorized, 'The bearer token was not accepted'));
        }
        const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
        resolve({ userId: claims.sub, roles, expiresAt: claims.exp });
      });
    });
  }
}

function describeFailure(error: jwt.VerifyErrors | null): string {
  if (error?.name === 'TokenExpiredError') return 'The bearer token has expired';
  if (error?.name === 'NotBeforeError') return 'The bearer token is not valid yet';
  if (error?.name === 'JsonWebTokenError') return `The bearer token is invalid (${error.message})`;
  return 'The bearer token was not accepted';
}
