/**
 * An example value for a JSON Schema, for operations whose route gives none: the schema's own
 * `examples`/`example`/`default`/`const`/first enum value where it has one, otherwise a value of the
 * right shape built from types and formats (every required property, lengths and minimums respected).
 */
type Schema = Record<string, unknown>;

const sampleTime = '2026-12-01T12:00:00.000Z';

function firstOf(schema: Schema): { found: true; value: unknown } | { found: false } {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { found: true, value: schema.examples[0] };
  for (const key of ['example', 'default', 'const'] as const) if (key in schema) return { found: true, value: schema[key] };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { found: true, value: schema.enum[0] };
  return { found: false };
}

function sampleString(schema: Schema): string {
  if (schema.format === 'date-time') return sampleTime;
  if (schema.format === 'date') return sampleTime.slice(0, 10);
  if (schema.format === 'email') return 'trader@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const text = 'text'.padEnd(min, 'x');
  return typeof schema.maxLength === 'number' ? text.slice(0, Math.max(min, schema.maxLength)) : text;
}

export function exampleFor(schema: unknown, components: Record<string, unknown> = {}, depth = 0): unknown {
  if (schema === null || typeof schema !== 'object' || depth > 12) return null;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return exampleFor(components[s.$ref.replace('#/components/schemas/', '')], components, depth + 1);
  const given = firstOf(s);
  if (given.found) return given.value;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      const nonNull = options.find((o) => (o as Schema)?.type !== 'null') ?? options[0];
      return exampleFor(nonNull, components, depth + 1);
    }
  }
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((part) => exampleFor(part, components, depth + 1) as object));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      return Array.from({ length: Math.max(1, min) }, () => exampleFor(s.items, components, depth + 1));
    }
    case 'object':
    default: {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(properties)) out[name] = exampleFor(inner, components, depth + 1);
      return out;
    }
  }
}
