import type { RouteInfo } from '../route-matrix/routes';

/** The parts of an OpenAPI 3.1 document these rules read. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}
interface Response { content?: Record<string, { schema?: Schema }> }
interface Operation { operationId?: string; summary?: string; security?: unknown[]; responses: Record<string, Response> }
export interface OpenApiDoc {
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
}

export const ERROR_REF = '#/components/schemas/ErrorResponse';
const VERB_LIKE = /^[a-z]+([A-Z][a-z0-9]*)*$/;

export function operations(doc: OpenApiDoc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op })));
}

/**
 * What a typed client needs from each operation: a unique verb-like operationId, a 2xx answer with a schema (a binary
 * schema for files; 204 has no body), the shared error body on every 4xx, and security that matches the route's access.
 */
export function operationProblems(doc: OpenApiDoc, routes: RouteInfo[]): string[] {
  const problems: string[] = [];
  const access = new Map(routes.map((r) => [`${r.method} ${r.path}`, r.access]));
  const seen = new Map<string, string>();
  for (const { route, op } of operations(doc)) {
    const id = op.operationId ?? '';
    if (!VERB_LIKE.test(id) || /Controller/.test(id)) problems.push(`${route}: operationId "${id}" is not a verb-like camelCase name`);
    if (seen.has(id)) problems.push(`${route}: operationId "${id}" is also used by ${seen.get(id)}`);
    seen.set(id, route);
    if (!op.summary) problems.push(`${route}: no summary`);
    const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (!ok.length) problems.push(`${route}: no 2xx response`);
    for (const [status, res] of ok) {
      if (status === '204') continue;
      const schemas = Object.values(res.content ?? {}).map((c) => c.schema).filter((s): s is Schema => Boolean(s && (s.$ref || s.type || s.anyOf || s.oneOf || s.allOf)));
      if (!schemas.length) problems.push(`${route}: ${status} has no schema`);
    }
    const errors = Object.entries(op.responses).filter(([status]) => /^4\d\d$/.test(status));
    for (const [status, res] of errors) {
      if (res.content?.['application/json']?.schema?.$ref !== ERROR_REF) problems.push(`${route}: ${status} does not use ${ERROR_REF}`);
    }
    const isPublic = access.get(route) === 'public';
    if (isPublic && JSON.stringify(op.security) !== '[]') problems.push(`${route}: public route without security: []`);
    if (!isPublic && op.security !== undefined) problems.push(`${route}: signed-in route overrides the document's bearer security`);
    if (!isPublic && !errors.some(([status]) => status === '401')) problems.push(`${route}: signed-in route without 401`);
  }
  return problems;
}

/** Properties a client could not type: an object with nothing said about its content (e.g. `string | null` left undecorated). */
export function untypedProperties(doc: OpenApiDoc): string[] {
  const found: string[] = [];
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      const types = [prop.type ?? []].flat();
      const described = prop.properties || prop.additionalProperties || prop.$ref || prop.allOf || prop.anyOf || prop.oneOf;
      if (types.includes('object') && !described) found.push(`${name}.${key}`);
      if (!types.length && !described && !prop.enum) found.push(`${name}.${key} (no type)`);
    }
  }
  return found;
}

/** Where a real answer differs from its documented schema (missing required fields, undocumented fields, null, type, enum). */
export function mismatches(doc: OpenApiDoc, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) return mismatches(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')], value, at);
  const out = (schema.allOf ?? []).flatMap((s) => mismatches(doc, s, value, at));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return alternatives.some((s) => !mismatches(doc, s, value, at).length) ? out : [...out, `${at}: matches none of its alternatives`];
  }
  const types = schema.type === undefined ? null : [schema.type].flat();
  if (value === null) return types && !types.includes('null') ? [...out, `${at}: null, but the schema is not nullable`] : out;
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) out.push(`${at}: ${actual}, documented ${types.join('|')}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...mismatches(doc, schema.items as Schema, v, `${at}[${i}]`)));
  if (actual === 'object' && schema.properties) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${at}.${key}: missing`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = schema.properties[key];
      if (prop) out.push(...mismatches(doc, prop, v, `${at}.${key}`));
      else if (!schema.additionalProperties) out.push(`${at}.${key}: not in the schema`);
    }
  }
  return out;
}

/** The documented JSON schema of one operation's answer with the given status. */
export function responseSchema(doc: OpenApiDoc, method: string, path: string, status: number): Schema {
  const res = doc.paths[path]?.[method]?.responses[String(status)];
  const schema = res?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON body for ${status}`);
  return schema;
}
