import fc from 'fast-check';

/**
 * Hostile requests for one operation of the app's own OpenAPI document: bad path and query
 * values, malformed and oversized bodies, wrong types, missing fields, NUL bytes, unicode oddities,
 * deep nesting, extreme numbers and wrong content types. Each request stays bounded (well under
 * the 1 MiB body limit unless the case is about that limit).
 */

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  default?: unknown;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. `/v1/affiliates/{id}`. */
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  bodySchema: JsonSchema | null;
  hasBody: boolean;
}

export interface HostileRequest {
  /** What the case tries, for the failure report. */
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
        queryParams: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
        bodySchema: content['application/json']?.schema ?? null,
        hasBody: method !== 'get' && method !== 'delete',
      });
    }
  }
  return operations;
}

/** A JSON value nested `depth` levels deep, written out as text (no recursion to build or print it). */
export function deeplyNestedJson(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

const longText = (length: number, unit = 'a') =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Strings a careless handler mishandles. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\u200b\u200d\ufeff',
  'e\u0301\u0301\u0301',
  '𝕏💩🏳️‍🌈',
  longText(64),
  longText(65),
  longText(185),
  longText(200),
  longText(201),
  longText(255),
  longText(256),
  longText(5_000, 'é'),
  longText(200_000),
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  `\${jndi:ldap://x}`,
  '%00',
  'null',
  '-1',
  '1e309',
  '2026-02-30T25:61:61Z',
  'not-an-email@',
  'http://127.0.0.1/',
  'javascript:alert(1)',
];

/** Values of the wrong type, or numbers no amount should be. */
export const hostileValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -1e308,
  1e308,
  2 ** 53 + 2,
  -(2 ** 63),
  [],
  [null],
  {},
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
  ['a', 1, null, {}],
  ...hostileStrings.filter((value) => value.length < 1_000),
];

/** Bodies that are not the JSON the route wants at all. */
const rawBodies: readonly string[] = [
  '',
  '{',
  '{"a":',
  '{"a":1}}',
  "{'a':1}",
  '{"a":1,}',
  'nul',
  'undefined',
  '\u0000',
  '\ufeff{}',
  '[]',
  '"text"',
  '1',
  'null',
  'true',
  '{"__proto__":{"polluted":true}}',
  deeplyNestedJson(2_000),
  `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`,
  `{"a":"${longText(1_100_000)}"}`,
];

const contentTypes: readonly (string | null)[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  null,
];

const hostilePathValues: readonly string[] = [
  longText(64),
  longText(300),
  longText(2_000),
  '%00',
  'a%00b',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '..',
  '%E0%A4%A',
  '%',
  '%ZZ',
  encodeURIComponent('\u202eä💩'),
  encodeURIComponent("' OR 1=1 --"),
  '-1',
  '1e309',
  'null',
  '%20',
];

/** A value the schema accepts, so one hostile field can reach past validation into the route. */
export function plausibleValue(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0] ?? schema.allOf?.[0];
  if (choice) return plausibleValue(choice, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return (schema.minItems ?? 0) > 0 ? [plausibleValue(schema.items, depth + 1)] : [];
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          plausibleValue(property, depth + 1),
        ]),
      );
    default:
      return plausibleString(schema);
  }
}

function plausibleString(schema: JsonSchema): string {
  if (schema.format === 'email') return 'fuzz@fuzz-company.example';
  if (schema.format === 'date-time') return '2026-01-05T12:00:00Z';
  if (schema.format === 'uri') return 'https://emdash.dev/fuzz';
  const length = Math.max(schema.minLength ?? 1, 4);
  return `fuzz${'x'.repeat(Math.max(0, length - 4))}`.slice(0, schema.maxLength ?? length);
}

/** Dotted paths of every property in the schema, so a hostile value can land at any depth. */
function propertyPaths(schema: JsonSchema | null, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 4) return [];
  const paths: string[][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    paths.push([...prefix, name]);
    paths.push(...propertyPaths(property, [...prefix, name], depth + 1));
    if (property.items?.properties)
      paths.push(...propertyPaths(property.items, [...prefix, name, '0'], depth + 1));
  }
  return paths;
}

function withValueAt(base: unknown, path: string[], value: unknown): unknown {
  const copy = (typeof base === 'object' && base !== null ? structuredClone(base) : {}) as Record<
    string,
    unknown
  >;
  let cursor: Record<string, unknown> = copy;
  for (const step of path.slice(0, -1)) {
    let next = cursor[step];
    if (typeof next !== 'object' || next === null) {
      next = /^\d+$/.test(path[path.indexOf(step) + 1] ?? '') ? [{}] : {};
      cursor[step] = next;
    }
    cursor = next as Record<string, unknown>;
  }
  cursor[path[path.length - 1]!] = value;
  return copy;
}

function withoutField(base: unknown, name: string): unknown {
  const copy = typeof base === 'object' && base !== null ? { ...(base as Record<string, unknown>) } : {};
  delete copy[name];
  return copy;
}

function fillPath(operation: Operation, values: Record<string, string>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => values[name] ?? 'x');
}

/**
 * The arbitrary of hostile requests for one operation. `pathValues` are real ids worth trying
 * (another affiliate's id, a real link code) beside the hostile ones.
 */
export function hostileRequestArbitrary(
  operation: Operation,
  realPathValues: readonly string[],
): fc.Arbitrary<HostileRequest> {
  const pathValue = fc.constantFrom(...realPathValues, ...hostilePathValues);
  const pathArb = fc.record(Object.fromEntries(operation.pathParams.map((name) => [name, pathValue])));
  const queryArb = fc.array(
    fc.record({
      name: fc.constantFrom(
        ...operation.queryParams.map((parameter) => parameter.name),
        'unknown',
        '__proto__',
      ),
      value: fc.constantFrom(
        ...hostileStrings.filter((value) => value.length < 5_000),
        '[]',
        '99999999999999999999',
      ),
    }),
    { maxLength: 3 },
  );
  const base = plausibleValue(operation.bodySchema ?? undefined);
  const paths = propertyPaths(operation.bodySchema);
  const fields = Object.keys(operation.bodySchema?.properties ?? {});
  const bodyArb: fc.Arbitrary<{ label: string; body: string | undefined; contentType: string | null }> =
    operation.hasBody
      ? fc.oneof(
          fc.constantFrom(...rawBodies).map((body) => ({
            label: `raw body ${JSON.stringify(body.slice(0, 24))}… (${body.length} chars)`,
            body,
            contentType: 'application/json',
          })),
          fc
            .record({
              path: fc.constantFrom(...(paths.length > 0 ? paths : [['x']])),
              value: fc.constantFrom(...hostileValues),
            })
            .map(({ path, value }) => ({
              label: `${path.join('.')} = ${describe(value)}`,
              body: JSON.stringify(withValueAt(base, path, value)),
              contentType: 'application/json',
            })),
          fc
            .record({
              path: fc.constantFrom(...(paths.length > 0 ? paths : [['x']])),
              value: fc.constantFrom(...hostileStrings),
            })
            .map(({ path, value }) => ({
              label: `${path.join('.')} = ${describe(value)}`,
              body: JSON.stringify(withValueAt(base, path, value)),
              contentType: 'application/json',
            })),
          fc.constantFrom(...(fields.length > 0 ? fields : ['x'])).map((field) => ({
            label: `missing ${field}`,
            body: JSON.stringify(withoutField(base, field)),
            contentType: 'application/json',
          })),
          fc.constantFrom(...contentTypes).map((contentType) => ({
            label: `content type ${contentType}`,
            body: JSON.stringify(base),
            contentType,
          })),
          fc.constant({
            label: 'nested 5,000 deep in a field',
            body: JSON.stringify(base).replace(/^\{/, `{"deep":${deeplyNestedJson(5_000)},`),
            contentType: 'application/json',
          }),
        )
      : fc.constant({ label: 'no body', body: undefined, contentType: null });
  return fc
    .record({ pathValues: pathArb, query: queryArb, body: bodyArb })
    .map(({ pathValues, query, body }) => {
      const search = query.map(({ name, value }) => `${name}=${encodeQueryValue(value)}`).join('&');
      const headers: Record<string, string> = {};
      if (body.contentType) headers['content-type'] = body.contentType;
      return {
        label: `${body.label}; path ${JSON.stringify(pathValues).slice(0, 120)}; query ${search.slice(0, 120)}`,
        method: operation.method,
        url: `${fillPath(operation, pathValues as Record<string, string>)}${search ? `?${search}` : ''}`,
        headers,
        body: body.body,
      };
    });
}

/** Percent-encoded; a lone surrogate (which UTF-8 cannot carry) is sent as its invalid bytes. */
function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `%ED%A0%80${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ''))}`;
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}
