import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { ERROR_STATUS_DESCRIPTIONS, PUBLIC_OPERATION_EXTENSION } from '../common/openapi/api-responses.decorator';
import { ErrorResponseDto } from '../common/openapi/error-response.dto';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const BEARER = 'bearer';

/** The service's OpenAPI document, built from the controllers' decorators (served at /api/docs-json, linted, typed into web/). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('vanthu API')
      .setDescription('Văn phòng số cho UBND phường/xã — văn bản đến, văn bản đi, ký số, giao việc (Nghị định 30/2020/NĐ-CP).')
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .addServer('/', 'Máy chủ hiện tại')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
      .addSecurityRequirements(BEARER)
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) finishOperation(op);
    }
  }
  return doc;
}

/**
 * What holds for every route, written once instead of on each: public routes carry `security: []` (the rest inherit
 * the document's bearer requirement); a route with inputs can answer 400, one with a path id 404; and every 4xx
 * and 5xx answer without a body of its own has the one error body the exception filter writes.
 */
function finishOperation(op: OperationObject): void {
  const ext = op as OperationObject & Record<string, unknown>;
  if (ext[PUBLIC_OPERATION_EXTENSION]) {
    op.security = [];
    delete ext[PUBLIC_OPERATION_EXTENSION];
  } else {
    delete op.security;
  }
  const params = (op.parameters ?? []) as ParameterObject[];
  if (params.length || op.requestBody) addError(op, 400);
  if (params.some((p) => p.in === 'path')) addError(op, 404);
  for (const [status, response] of Object.entries(op.responses)) {
    // Errors are JSON even on routes that produce a PDF (@ApiProduces would otherwise label them application/pdf).
    const r = response as ResponseObject;
    if (/^[45]\d\d$/.test(status)) r.content = { 'application/json': r.content?.['application/json'] ?? { schema: { $ref: getSchemaPath(ErrorResponseDto) } } };
  }
}

function addError(op: OperationObject, status: keyof typeof ERROR_STATUS_DESCRIPTIONS): void {
  op.responses[status] ??= { description: ERROR_STATUS_DESCRIPTIONS[status] };
}
