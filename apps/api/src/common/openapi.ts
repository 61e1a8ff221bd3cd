/**
 * The OpenAPI document (`/docs-json`), finished from what the application itself enforces, so that
 * it matches the API rather than drifting from it:
 *  - request schemas and query parameters carry the constraints of their class-validator
 *    decorators (types, integers, enums, bounds, lengths, patterns, formats, required, no unknown
 *    properties), so data generated from the document gets past validation;
 *  - every operation declares the error responses it can give, with the one error schema
 *    (`ApiError`, a component): 400, 401, 403, 404, 409, 413, 422, 429 and 503 as applicable,
 *    from the route's own metadata (public or not, roles, path ids, body) and a short table of the
 *    business conflicts below;
 *  - the bearer token is required wherever the global guard requires it.
 * test/e2e/fuzz.test.ts runs schemathesis over the document with every demo role.
 */
import type { INestApplication, Type } from '@nestjs/common';
import { ParseUUIDPipe } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import {
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { getMetadataStorage, type MetadataStorage, type ValidationTypes } from 'class-validator';
import { ROLES, type Role } from '../../../../libs/domain/roles.js';
import { IS_PUBLIC, REQUIRED_ROLES } from '../auth/decorators.js';
import { ErrorCode } from './api-error.js';
import { calendarYears } from './calendar-validation.js';
import { IDEMPOTENCY_KEY_PATTERN } from './input.js';
import { calendarDatePattern, calendarInstantPattern, NO_NUL_PATTERN, portablePattern } from './schema-patterns.js';

type ConditionalType = typeof ValidationTypes.CONDITIONAL_VALIDATION;
const CONDITIONAL: ConditionalType = 'conditionalValidation';
const IS_DEFINED = 'isDefined';

/** The name of the error schema component; `$ref: '#/components/schemas/ApiError'`. */
export const ERROR_SCHEMA = 'ApiError';

const ERROR_SCHEMAS: Record<string, SchemaObject> = {
  ApiErrorDetail: {
    type: 'object',
    required: ['code', 'message', 'messageZh'],
    properties: {
      field: { type: 'string', description: 'The field, parameter or header concerned (`document.overview.goals`, `Idempotency-Key`)' },
      code: { type: 'string', description: 'What is wrong: the failed constraint (`maxLength`), the finding rule, the refusal' },
      message: { type: 'string' },
      messageZh: { type: 'string' },
    },
  },
  [ERROR_SCHEMA]: {
    type: 'object',
    required: ['statusCode', 'code', 'message', 'messageZh', 'details'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      code: { type: 'string', enum: Object.values(ErrorCode), example: ErrorCode.VALIDATION_FAILED },
      message: { type: 'string', example: 'The request body is invalid' },
      messageZh: { type: 'string', example: '请求内容不符合要求' },
      details: { type: 'array', items: { $ref: '#/components/schemas/ApiErrorDetail' } },
    },
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400:
    'Invalid input: a field, parameter or header fails validation (also a NUL character, malformed JSON, ' +
    'a date that does not exist); `details` name the fields',
  401: 'No, expired or invalid bearer token (or a deactivated account); for login: wrong username or password',
  403: 'Your role or department may not do this (`details` say which roles may)',
  404: 'Nothing with this id (or not visible to you)',
  409:
    'Conflict: refused in the current state (`MESSAGE_REFUSED` with the lifecycle’s reason), already exists, ' +
    'or an Idempotency-Key reused with another body',
  413: 'The request body or file is too large',
  422:
    'The summary fails blocking automatic checks: `details` are the findings (the version is kept); ' +
    'an archive confirmation does not match the generated location or lacks a paper check (`ARCHIVE_CHECK_FAILED`)',
  429: 'Too many attempts: wait `Retry-After` seconds',
  503:
    'PostgreSQL is unavailable (`DATABASE_UNAVAILABLE`), or Temporal is or did not answer in time (`DEPENDENCY_UNAVAILABLE`): ' +
    'retry after `Retry-After` seconds (with the same Idempotency-Key)',
};

/**
 * Business responses the route metadata cannot tell: which operations answer 409, 422 or 429 (or 404 for an id in the body).
 * Keys are `METHOD /path` as in the document.
 */
const BUSINESS_RESPONSES: Record<string, number[]> = {
  'POST /api/auth/login': [401, 429],
  'POST /api/activities': [409],
  'POST /api/activities/{id}/base-data': [409],
  'POST /api/activities/{id}/summaries': [409, 422],
  'POST /api/activities/{id}/reviews': [409],
  'POST /api/activities/{id}/special-meeting': [409],
  'POST /api/activities/{id}/archive': [409, 422],
  'GET /api/activities/{id}/archive': [409],
  // Open to every role, external bodies included: a reader without a grant gets 403 READ_NOT_GRANTED.
  'GET /api/activities/{id}/document.html': [403],
  'GET /api/activities/{id}/summaries/{versionId}/document.html': [403],
  'GET /api/activities/{id}/archive/label.html': [409],
  'POST /api/activities/{id}/feedback': [409],
  'POST /api/activities/{id}/disposal': [409],
  'POST /api/activities/{id}/retention': [409],
  'POST /api/calendar/overrides': [409],
  'PUT /api/calendar/official-years/{year}': [409],
  'POST /api/activities/{id}/publications': [409],
  'POST /api/publications/{publicationId}/approve': [409],
  'DELETE /api/calendar/overrides/{id}': [409],
  'POST /api/users': [409],
  'PATCH /api/users/{userId}': [409],
  'POST /api/departments': [409],
  'POST /api/read-requests': [404, 409],
  'POST /api/read-requests/external': [404, 409],
  'POST /api/read-requests/{requestId}/decisions': [409],
  'POST /api/suggestions/{id}/status': [409],
  'POST /api/reports/runs': [409],
};

interface RouteInfo {
  isPublic: boolean;
  roles: readonly Role[] | undefined;
  /** The class of the route's `@Query()` object, if it takes one. */
  query: Type | undefined;
  /** Path parameters parsed as UUIDs (anything else is a 404). */
  uuidParams: Set<string>;
}

/** `createDocument` plus everything this module adds; SwaggerModule.setup calls it on the first request. */
export function createOpenApiDocument(app: INestApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  return finishDocument(SwaggerModule.createDocument(app, config), routesOf(app));
}

/** Route metadata by default operation id (`<Controller>_<method>`, as @nestjs/swagger names them). */
function routesOf(app: INestApplication): Map<string, RouteInfo> {
  const routes = new Map<string, RouteInfo>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller?.prototype) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
          continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown; pipes?: unknown[] }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as Type[];
        const info: RouteInfo = {
          isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
          roles: (Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, controller)) as Role[] | undefined,
          query: undefined,
          uuidParams: new Set(),
        };
        for (const [key, arg] of Object.entries(args)) {
          const type = Number(key.split(':')[0]);
          if (type === RouteParamtypes.QUERY && arg.data === undefined) info.query = types[arg.index];
          if (type === RouteParamtypes.PARAM && typeof arg.data === 'string' && arg.pipes?.some((p) => p instanceof ParseUUIDPipe)) {
            info.uuidParams.add(arg.data);
          }
        }
        routes.set(`${controller.name}_${name}`, info);
      }
    }
  }
  return routes;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Adds the error responses, security and validation constraints to a generated document. */
export function finishDocument(doc: OpenAPIObject, routes: Map<string, RouteInfo>): OpenAPIObject {
  const schemas = (doc.components ??= {}).schemas ?? {};
  doc.components.schemas = schemas;
  Object.assign(schemas, ERROR_SCHEMAS);
  constrainComponentSchemas(schemas);

  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const route = op.operationId ? routes.get(op.operationId) : undefined;
      if (!route) throw new Error(`OpenAPI: no route metadata for ${method.toUpperCase()} ${path} (${op.operationId})`);
      op.parameters = parametersOf(op, route);
      if (!route.isPublic) {
        op.security = [{ bearer: [] }];
        // Who may call it (RolesGuard); department roles are further limited to their own department.
        (op as OperationObject & { 'x-roles'?: readonly Role[] })['x-roles'] = route.roles ?? [];
      }
      addErrorResponses(op, `${method.toUpperCase()} ${path}`, route);
    }
  }
  return doc;
}

function parametersOf(op: OperationObject, route: RouteInfo): ParameterObject[] {
  // @ApiHeader and @Headers() both declare Idempotency-Key: keep one, the one with a description.
  const byKey = new Map<string, ParameterObject>();
  for (const p of (op.parameters ?? []) as ParameterObject[]) {
    const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    const kept = byKey.get(key);
    if (!kept || (!kept.description && p.description)) byKey.set(key, p);
  }
  const params = [...byKey.values()];
  for (const p of params) {
    const schema = (p.schema ??= { type: 'string' }) as SchemaObject;
    if (p.in === 'header' && p.name.toLowerCase() === 'idempotency-key') {
      p.name = 'Idempotency-Key';
      Object.assign(schema, { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 200 });
      p.description ??= 'Repeat-safe key: 1–200 visible ASCII characters';
    }
    if (p.in === 'path' && route.uuidParams.has(p.name)) schema.format = 'uuid';
    if (p.in === 'query' && route.query) {
      const metas = validationOf(route.query).get(p.name);
      if (metas) {
        constrain(schema, metas);
        p.required = !isOptional(metas);
      }
    }
    if (p.in !== 'header') refuseNul(schema);
  }
  return params.sort((a, b) => order(a) - order(b));
}

const order = (p: ParameterObject) => ['path', 'query', 'header', 'cookie'].indexOf(p.in);

function addErrorResponses(op: OperationObject, key: string, route: RouteInfo): void {
  const codes = new Set<number>([503, ...(BUSINESS_RESPONSES[key] ?? [])]);
  const hasInput = Boolean(op.requestBody) || Boolean(op.parameters?.length);
  if (hasInput) codes.add(400);
  if (op.requestBody) codes.add(413); // the JSON body limit, or the upload limit
  if (!route.isPublic) codes.add(401);
  if (!route.isPublic && !ROLES.every((r) => route.roles?.includes(r))) codes.add(403);
  if (key.includes('{')) codes.add(404);
  // Refusals are throttled per address (audit/denied-requests.filter.ts): where a 401 or 403 can
  // come, a 429 can too once an address keeps being refused.
  if (codes.has(401) || codes.has(403)) codes.add(429);
  const responses = op.responses;
  for (const status of [...codes].sort((a, b) => a - b)) {
    const existing = responses[status] as ResponseObject | ReferenceObject | undefined;
    if (existing && 'content' in existing && existing.content) continue;
    responses[status] = {
      description: (existing as ResponseObject | undefined)?.description || DESCRIPTIONS[status]!,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
      ...(status === 429 || status === 503
        ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } }
        : {}),
    };
  }
}

// ── Validation constraints ────────────────────────────────────────────────────────────────────

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

const storage = getMetadataStorage();

/** class-validator metadata of a class (its own and inherited), by property. */
function validationOf(cls: Type): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of storage.getTargetValidationMetadatas(cls, '', true, false)) {
    const list = byProperty.get(m.propertyName) ?? [];
    list.push(m);
    byProperty.set(m.propertyName, list);
  }
  return byProperty;
}

/** Every class with validation metadata, by name: @nestjs/swagger names component schemas after the class. */
function validatedClasses(): Map<string, Type> {
  const targets = (storage as unknown as { validationMetadatas?: Map<unknown, unknown> }).validationMetadatas;
  const byName = new Map<string, Type>();
  for (const target of targets?.keys() ?? []) if (typeof target === 'function') byName.set(target.name, target as Type);
  return byName;
}

function constrainComponentSchemas(schemas: Record<string, SchemaObject | ReferenceObject>): void {
  const classes = validatedClasses();
  for (const [name, schema] of Object.entries(schemas)) {
    const cls = classes.get(name);
    if (!cls || '$ref' in schema || !schema.properties) continue;
    const validation = validationOf(cls);
    // forbidNonWhitelisted: a property the class does not declare is refused with 400.
    schema.additionalProperties = false;
    const required = new Set(schema.required ?? []);
    for (const [property, propertySchema] of Object.entries(schema.properties as Record<string, SchemaObject | ReferenceObject>)) {
      const metas = validation.get(property);
      if (!metas) continue;
      if (isOptional(metas)) required.delete(property);
      else required.add(property);
      if (!('$ref' in propertySchema)) constrain(propertySchema, metas);
    }
    refuseNul(schema);
    if (required.size) schema.required = [...required];
    else delete schema.required;
  }
}

/** Declares, on every free-text string of a schema, that the NUL character is refused (400). */
function refuseNul(schema: SchemaObject | ReferenceObject | undefined): void {
  if (!schema || '$ref' in schema) return;
  if (schema.type === 'string' && !schema.pattern && !schema.enum && !schema.format) schema.pattern = NO_NUL_PATTERN;
  for (const child of Object.values(schema.properties ?? {})) refuseNul(child);
  if (schema.items) refuseNul(schema.items);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) refuseNul(part);
}

function isOptional(metas: ValidationMetadata[]): boolean {
  // IsOptional, or ValidateIf (used here only as "validate when present").
  return metas.some((m) => m.type === CONDITIONAL) && !metas.some((m) => m.type === IS_DEFINED);
}

function constrain(schema: SchemaObject, metas: ValidationMetadata[]): void {
  for (const m of metas) {
    const target = m.each ? ((schema.items as SchemaObject | undefined) ?? (schema.items = {})) : schema;
    if ('$ref' in target) continue;
    const [c0, c1] = (m.constraints ?? []) as unknown[];
    switch (m.name) {
      case 'isInt':
        target.type = 'integer';
        delete target.format;
        break;
      case 'isNumber':
        target.type = 'number';
        break;
      case 'isBoolean':
        target.type = 'boolean';
        break;
      case 'isString':
        target.type = 'string';
        break;
      case 'isArray':
        target.type = 'array';
        target.items ??= {};
        break;
      case 'min':
        target.minimum = c0 as number;
        break;
      case 'max':
        target.maximum = c0 as number;
        break;
      case 'minLength':
        target.minLength = c0 as number;
        break;
      case 'maxLength':
        target.maxLength = c0 as number;
        break;
      case 'isNotEmpty':
        target.minLength = Math.max(target.minLength ?? 0, 1);
        break;
      case 'arrayMinSize':
        target.minItems = c0 as number;
        break;
      case 'arrayMaxSize':
        target.maxItems = c0 as number;
        break;
      case 'isIn':
      case 'isEnum': {
        const values = (m.name === 'isIn' ? (c0 as unknown[]) : ((c1 as unknown[]) ?? Object.values(c0 as object))) ?? [];
        target.enum = values;
        if (values.every((v) => Number.isInteger(v))) target.type = 'integer';
        else if (values.every((v) => typeof v === 'string')) target.type = 'string';
        break;
      }
      case 'matches': {
        const pattern = portablePattern(c0 instanceof RegExp ? c0 : new RegExp(String(c0), typeof c1 === 'string' ? c1 : undefined));
        target.type = 'string';
        if (pattern) target.pattern = pattern;
        break;
      }
      case 'isUuid':
        target.type = 'string';
        target.format = 'uuid';
        break;
      case 'isEmail':
        target.type = 'string';
        target.format = 'email';
        break;
      case 'isIso8601':
        target.type = 'string';
        target.format = 'date-time';
        break;
      case 'isCalendarDate':
        target.type = 'string';
        target.format = 'date';
        target.pattern = calendarDatePattern(calendarYears());
        break;
      case 'inCalendarYears': {
        const years = calendarYears();
        target.type = 'string';
        target.pattern = calendarInstantPattern({ from: years.from, to: c0 === true ? years.to - 1 : years.to });
        break;
      }
    }
  }
}
