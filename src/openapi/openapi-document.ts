import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The service's OpenAPI document, built from the controllers' decorators (served at /api/docs-json, linted, typed into web/). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('vanthu API')
      .setDescription('Văn phòng số cho UBND phường/xã — văn bản đến, văn bản đi, ký số, giao việc (Nghị định 30/2020/NĐ-CP).')
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth()
      .build(),
  );
}
