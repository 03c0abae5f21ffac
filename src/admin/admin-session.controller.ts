import { Controller, Delete, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { AppConfigService } from '../core/config';
import { ApiErrorResponses } from '../core/http/api-error.decorator';
import { Access, bearerToken, TokenVerifier } from '../core/auth';
import { AccessPath } from '../shared/policy';
import { clearedSessionCookie, DASHBOARD_PATH, sessionCookie } from './admin-session';

const DEFAULT_SESSION_SECONDS = 3600;

/** Opens and closes the browser session for the queue dashboard (see admin-session.ts). */
@ApiTags('admin')
@ApiBearerAuth()
@SkipThrottle()
@Controller('api/ai/admin/session')
export class AdminSessionController {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly config: AppConfigService,
  ) {}

  @Post()
  @HttpCode(204)
  @Access(AccessPath.Admin)
  @ApiOperation({
    summary: 'Open a queue dashboard session',
    description: `Stores the bearer JWT in an httpOnly, SameSite=Strict cookie for ${DASHBOARD_PATH} until the token expires, so a browser can open the dashboard. Admin role only.`,
  })
  @ApiNoContentResponse({ description: 'Session cookie set' })
  @ApiErrorResponses(401, 403)
  async open(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = bearerToken(authorization) as string; // the JWT guard has verified it already
    const { expiresAt } = await this.verifier.verify(token);
    const seconds = expiresAt ? Math.max(0, expiresAt - Math.floor(Date.now() / 1000)) : DEFAULT_SESSION_SECONDS;
    void reply.header('set-cookie', sessionCookie(token, seconds, this.config.all.app.nodeEnv === 'production'));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Close the queue dashboard session' })
  @ApiNoContentResponse({ description: 'Session cookie cleared' })
  @ApiErrorResponses(401)
  close(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', clearedSessionCookie());
  }
}
