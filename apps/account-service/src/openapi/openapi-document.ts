import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AccountServiceModule } from '../account-service.module';
import pluginMetadata from './openapi-plugin-metadata';
import { ProblemDto } from './problem.dto';
import { PartnerCenterErrorDto } from '../partner-center/partner-center-resources.dto';

/**
 * The HTTP API as @nestjs/swagger reads it from the controllers' decorators and the DTOs
 * (their types through the CLI plugin's metadata, see scripts/openapi.sh). The module is
 * built in preview mode: routes and types only, no database or broker. The result is the
 * committed openapi.json, which a unit test regenerates and compares.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  const app = await NestFactory.create(AccountServiceModule, { preview: true, logger: false });
  const config = new DocumentBuilder()
    .setTitle('Customer account service')
    .setVersion('1')
    .setDescription(
      'Billing profile, company details and purchase permissions of a reseller’s customers, event-sourced. Commands are also accepted on Kafka (see /asyncapi.json).',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: upn, appid, tid (partner tenant), roles' },
      'bearer',
    )
    .build();
  try {
    return closeRequestSchemas(
      SwaggerModule.createDocument(app, config, {
        autoTagControllers: false,
        // Every refusal's schema, referenced by name from each operation's error responses.
        extraModels: [ProblemDto, PartnerCenterErrorDto],
        operationIdFactory: (controller, method) => `${controller.replace(/HttpController$/, '')}_${method}`,
      }),
    );
  } finally {
    await app.close();
  }
}

/**
 * Every schema a request body reaches is closed (no fields beyond its own): validatePayload
 * refuses unknown fields, and a document that allowed them would promise what the service refuses.
 */
function closeRequestSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const closed = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const ref = (node as { $ref?: string }).$ref;
    if (ref?.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (!closed.has(name) && schemas[name]) {
        closed.add(name);
        schemas[name].additionalProperties = false;
        visit(schemas[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  for (const methods of Object.values(document.paths))
    for (const operation of Object.values(methods)) visit((operation as { requestBody?: unknown }).requestBody);
  return document;
}
