import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Env } from '../config';
import { INTERNAL_ERROR_RESPONSE } from './api-schemas/api-docs.decorators';
import { componentSchemas } from './api-schemas/zod-openapi';
import { httpAuthMiddleware } from './http-auth.middleware';

/** Where the OpenAPI UI and its JSON/YAML documents are served, all behind one auth prefix. */
export const DOCS_PATH = 'docs';

/**
 * Serves the OpenAPI description of the admin API at /docs (UI), /docs/json and /docs/yaml. The
 * document is built from the controllers, so it lists every route Nest serves; their decorators
 * (api-schemas/) give each operation its parameters, body, answer and errors, and the named answer
 * schemas, the error body among them, are added as components. Readable with the admin or the
 * viewer token. Call before the app initialises.
 */
export function setupOpenApi(app: INestApplication, env: Env): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('poshub admin API')
      .setDescription(
        'Connections, streams, records, deliveries, errors, queues and the audit log. Bearer token: ' +
          'POSHUB_ADMIN_TOKEN (everything) or POSHUB_VIEWER_TOKEN (GET only). Every error answers ' +
          '{ "error": { "code", "message", "details" } } (schema ApiError). See docs/api.md.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque token',
        description: 'POSHUB_ADMIN_TOKEN or POSHUB_VIEWER_TOKEN',
      })
      .build(),
  );
  // Any operation can fail unexpectedly; ApiErrorFilter answers that with the same error body.
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) operation.responses = { ...operation.responses, '500': INTERNAL_ERROR_RESPONSE };
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...componentSchemas() },
  };
  app.use(`/${DOCS_PATH}`, httpAuthMiddleware(env, { viewerMayRead: true }));
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/json`,
    yamlDocumentUrl: `${DOCS_PATH}/yaml`,
  });
}
