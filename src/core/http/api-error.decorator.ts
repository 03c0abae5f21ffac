import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (validation, malformed JSON, refused SQL, unknown database)',
  401: 'Missing, expired or invalid bearer token',
  403: 'The caller lacks the role or access needed',
  404: 'Not found (or not yours)',
  409: 'Conflict with the current state',
  413: 'Body or field over its size limit',
  422: 'Idempotency-Key reused with a different body',
  429: 'Rate limited; see Retry-After',
  503: 'A dependency (LLM, MCP, Redis) is unavailable or not configured',
  504: 'Timed out',
};

/** Documents the one error shape for each status a route can return. */
export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBodyDto })));
}

/** The same error responses as plain OpenAPI, for routes Nest's scanner does not see. */
export function errorResponsesDoc(...statuses: number[]): Record<string, { description: string; content: Record<string, { schema: { $ref: string } }> }> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: DESCRIPTIONS[status], content: { 'application/json': { schema: { $ref: `#/components/schemas/${ErrorBodyDto.name}` } } } },
    ]),
  );
}
