// A small validator for the JSON Schema keywords the secotel schemas use (schema/*.schema.json).
// Unknown keywords are refused so that a schema change outgrowing it fails in the tests instead
// of silently passing.
export type Schema = { readonly [keyword: string]: unknown };

const SUPPORTED = new Set([
  '$schema', '$ref', '$defs', 'title', 'description', 'type', 'enum', 'pattern', 'format', 'required', 'properties',
  'additionalProperties', 'items', 'minLength', 'minimum', 'maximum', 'anyOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function validate(schema: Schema, value: unknown, root: Schema, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) if (!SUPPORTED.has(keyword)) throw new Error(`unsupported keyword ${keyword} at ${path}`);
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace('#/$defs/', '');
    return validate((root['$defs'] as Record<string, Schema>)[name] as Schema, value, root, path);
  }
  const errors: string[] = [];
  const type = schema['type'];
  if (type !== undefined) {
    const types = Array.isArray(type) ? (type as string[]) : [type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${path}: expected ${types.join('|')}, got ${actual}`];
  }
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) errors.push(`${path}: not one of ${JSON.stringify(schema['enum'])}`);
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) errors.push(`${path}: does not match ${schema['pattern']}`);
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) errors.push(`${path}: too short`);
    if (schema['format'] === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${path}: not a date-time`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${path}: below ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${path}: above ${schema['maximum']}`);
  }
  if (Array.isArray(value) && schema['items'] !== undefined) {
    value.forEach((item, index) => errors.push(...validate(schema['items'] as Schema, item, root, `${path}[${index}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of (schema['required'] as string[] | undefined) ?? []) if (!Object.hasOwn(object, key)) errors.push(`${path}: missing ${key}`);
    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(object)) {
      const propertySchema = properties[key];
      if (propertySchema !== undefined) errors.push(...validate(propertySchema, child, root, `${path}.${key}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unexpected ${key}`);
      else if (typeof schema['additionalProperties'] === 'object') {
        errors.push(...validate(schema['additionalProperties'] as Schema, child, root, `${path}.${key}`));
      }
    }
  }
  if (Array.isArray(schema['anyOf']) && !(schema['anyOf'] as Schema[]).some((option) => validate(option, value, root, path).length === 0)) {
    errors.push(`${path}: matches none of anyOf`);
  }
  return errors;
}

/** Errors of `value` against `schema` (a root schema: `$ref`s resolve in its `$defs`); [] when valid. */
export function validateAgainst(schema: object, value: unknown): string[] {
  return validate(schema as Schema, value, schema as Schema);
}
