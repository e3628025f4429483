/**
 * fast-check arbitraries for request input, built from the OpenAPI document's JSON Schemas: values
 * that fit the schema ("valid-ish", so requests get past validation into the routes and services)
 * mixed with hostile ones (NUL bytes, lone surrogates, dates and numbers outside every range, crafted
 * cursors, wrong types, deep and huge values), so a fuzz test reaches both the edges and the depths.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Strings that broke something once, or plausibly could. */
export const hostileStrings: readonly string[] = [
  '',
  '\u0000',
  'bot_\u0000x',
  'lone \ud800 surrogate',
  '\udc00',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00Z',
  '9007199254740991',
  '-1',
  '1e309',
  'NaN',
  b64('9007199254740991|x'),
  b64('1|trd_\u0000'),
  b64('-5|x'),
  '!!!!',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '{"$gt":""}',
  'x'.repeat(5_000),
  '😀'.repeat(50),
  `0x${'ff'.repeat(32)}`,
  (2n ** 300n).toString(),
];

/** Characters PostgreSQL or JSON handling choke on: NUL, unpaired surrogates, controls, bidi overrides. */
const nastyChar = fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\u0001', '\u001f', '\uffff', '\u202e');

/** A plausible value (an id, a word) with a nasty character somewhere inside. */
export const injectedString = fc
  .tuple(fc.constantFrom('', 'bot_', 'usr_', 'ntf_', 'trader@example.com', 'name'), fc.string({ maxLength: 8 }), nastyChar, fc.string({ maxLength: 8 }))
  .map(([prefix, a, bad, b]) => `${prefix}${a}${bad}${b}`);

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 3, arbitrary: injectedString },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, -1, 0, 1e308, -1e308, 2 ** 53, 1.5, [], {}, [[[[[]]]]]),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(schema: unknown, schemas: Record<string, unknown>): Schema {
  let s = (schema ?? {}) as Schema;
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i += 1) s = (schemas[s.$ref.replace('#/components/schemas/', '')] ?? {}) as Schema;
  return s;
}

function validString(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'email') return fc.emailAddress();
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  const maxLength = Math.max(minLength, Math.min(typeof s.maxLength === 'number' ? s.maxLength : 60, 60));
  // Mostly ordinary text; sometimes text of the right length with a nasty character inside, which passes the schema.
  const plain = fc.string({ minLength, maxLength });
  if (maxLength === 0) return plain;
  // One character of a fitting string swapped for a nasty one: same length, so it passes the schema.
  const swapped = fc.tuple(plain, nastyChar, fc.nat()).map(([text, bad, at]) => {
    if (text.length === 0) return bad;
    const i = at % text.length;
    return `${text.slice(0, i)}${bad}${text.slice(i + 1)}`;
  });
  return fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: swapped });
}

function validNumber(s: Schema): fc.Arbitrary<number> {
  const integer = s.type === 'integer' || s.multipleOf === 1;
  const min = typeof s.minimum === 'number' ? s.minimum : -1_000_000_000_000;
  const max = typeof s.maximum === 'number' ? s.maximum : 1_000_000_000_000;
  return integer ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }) : fc.double({ min, max, noNaN: true });
}

/** A value for `schema`: mostly fitting it, sometimes hostile (`hostility` of 10 at each level). */
export function arbitraryFor(schema: unknown, schemas: Record<string, unknown>, depth = 0, hostility = 1): fc.Arbitrary<unknown> {
  const s = resolve(schema, schemas);
  const fitting = fittingFor(s, schemas, depth);
  if (hostility <= 0 || depth > 6) return fitting;
  return fc.oneof({ weight: 10 - hostility, arbitrary: fitting }, { weight: hostility, arbitrary: hostileValue });
}

function fittingFor(s: Schema, schemas: Record<string, unknown>, depth: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(options) && options.length > 0) return fc.oneof(...options.map((o) => arbitraryFor(o, schemas, depth + 1, 1)));
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') as string | undefined) : (s.type as string | undefined);
  switch (type) {
    case 'string':
      return validString(s);
    case 'integer':
    case 'number':
      return validNumber(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(s.items, schemas, depth + 1), { maxLength: depth > 2 ? 2 : 4 });
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, inner] of Object.entries(properties)) record[name] = arbitraryFor(inner, schemas, depth + 1);
      const known = fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
      if (Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      return known;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Percent-encodes anything, including a lone surrogate (as the CESU-8 bytes a hostile client would send). */
export function percentEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const unit = ch.charCodeAt(0);
        return `%ED%${(0xa0 | ((unit >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (unit & 0x3f)).toString(16).toUpperCase()}`;
      }
    }).join('');
  }
}
