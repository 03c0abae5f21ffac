import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import { errorResponsesDoc } from './api-error.decorator';

const TAGS: Record<string, string> = {
  ai: 'General questions (the seed\'s AI query): inline or background, with MCP tools',
  medical: 'Medical analysis of clinical text (clinician role); always a background task',
  database: 'Read-only SQL on the reporting databases, or a question turned into SQL',
  code: 'Static code analysis and an LLM review; always a background task',
  tasks: 'Background task status, event stream and cancellation',
  schedules: 'Recurring general queries on a cron expression',
  usage: 'Your own usage counters',
  audit: 'Audit trail of access to patient data (auditor role)',
  admin: 'Admin session for privileged operations',
  health: 'Liveness, readiness and the summary, without authentication',
};

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The document's top level: what clients and linters need beyond what the controllers say. */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setTitle('MedCor AI service')
    .setDescription(
      'LLM work and MCP tools behind a REST API. Short requests are answered inline; long or complex ones are queued and polled at /api/ai/task/{task_id}/status/. Every endpoint but health needs a bearer JWT.',
    )
    .setVersion('0.1.0')
    // package.json says UNLICENSED: proprietary, no rights granted; the URL explains the term.
    .setLicense('UNLICENSED (proprietary)', 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license')
    // Relative: the document is served by the server it describes, whatever its host name.
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  return builder.build();
}

/**
 * Completes what decorators cannot say once for every route:
 * - every operation whose method carries a body may answer 400: Fastify refuses malformed JSON,
 *   or an empty body sent as `Content-Type: application/json`, before any route code runs;
 * - a request field with a server-side default is optional for the client. openapi-typescript
 *   (by default) types a property carrying `default` as always present, which is right for
 *   responses but makes a minimal request body fail to type-check; in request schemas the
 *   default therefore goes into the description instead of the `default` keyword.
 */
export function finishOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const requestSchemas = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, { requestBody?: any; responses?: Record<string, unknown> }][]) {
      if (!BODY_METHODS.has(method) || !operation) continue;
      operation.responses = { ...errorResponsesDoc(400), ...operation.responses };
      if (!operation.requestBody) continue;
      for (const media of Object.values<{ schema?: { $ref?: string } }>(operation.requestBody.content ?? {})) {
        const ref = media.schema?.$ref;
        if (ref) requestSchemas.add(ref.split('/').pop() as string);
      }
    }
  }
  for (const name of requestSchemas) {
    const schema = document.components?.schemas?.[name] as { properties?: Record<string, Record<string, unknown>> } | undefined;
    for (const property of Object.values(schema?.properties ?? {})) {
      if (!('default' in property)) continue;
      const note = `Default: \`${JSON.stringify(property.default)}\`.`;
      property.description = property.description ? `${String(property.description)} ${note}` : note;
      delete property.default;
    }
  }
  return document;
}
