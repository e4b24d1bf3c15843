import fc from 'fast-check';
import { getMetadataStorage } from 'class-validator';
import 'reflect-metadata';

type DtoClass = new () => object;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The seed and length of every property run: FUZZ_SEED repeats a failure, FUZZ_RUNS runs longer. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261202);
export const fuzzRuns = (runs: number): number => Math.round(runs * Number(process.env.FUZZ_RUNS_FACTOR ?? 1));

/** Text a caller may send: lone surrogates, NUL and controls, bidi and joiners, astral and combining characters, huge runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  // Any UTF-16 code units, lone surrogates among them (fast-check's own units are whole code points).
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\ud800',
    'a\udfffb',
    '\udc00\ud800',
    '\u0000',
    'a\u0000b',
    '\u202eevil',
    '\u200d\u200d',
    'e\u0301',
    '😀',
    '\ufeff',
    '\uffff',
    '\r\n',
    '%00',
    '{"$gt":""}',
    'null',
  ),
  fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'x'.repeat(length)),
);

/** A value of any JSON type, nested up to `depth`. */
const anyJson = (depth: number): fc.Arbitrary<Json> =>
  fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.integer(),
      hostileString,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(hostileString, fc.constantFrom('$where', '__proto__', 'constructor', 'a.b')), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

/** An object nested far deeper than any DTO allows. */
const deepObject = fc.integer({ min: 9, max: 200 }).map((levels) => {
  let value: Json = 'bottom';
  for (let level = 0; level < levels; level++) value = { nested: value };
  return value;
});

/** Something other than what the field wants: null, another type, deep nesting, hostile text. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), hostileString, anyJson(3), deepObject);

interface FieldShape {
  name: string;
  nested?: DtoClass;
  /** The values `@IsIn` takes, when it constrains the field. */
  allowed?: readonly unknown[];
}

/** A DTO's fields as its class-validator decorators describe them. */
function fieldsOf(dto: DtoClass): FieldShape[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const names = [...new Set(metadata.map((entry) => entry.propertyName))];
  return names.map((name) => {
    const own = metadata.filter((entry) => entry.propertyName === name);
    const nestedValidation = own.some((entry) => entry.type === 'nestedValidation');
    const designType = Reflect.getMetadata('design:type', dto.prototype, name) as DtoClass | undefined;
    const isIn = own.find((entry) => entry.name === 'isIn');
    return {
      name,
      ...(nestedValidation && designType && { nested: designType }),
      ...(isIn && { allowed: isIn.constraints[0] as readonly unknown[] }),
    };
  });
}

interface FieldPath {
  path: string[];
  field: FieldShape;
}

/** Every field of a DTO and of the DTOs nested in it, by path. */
function pathsOf(dto: DtoClass, prefix: string[] = []): FieldPath[] {
  return fieldsOf(dto).flatMap((field) => {
    const path = [...prefix, field.name];
    return [{ path, field }, ...(field.nested ? pathsOf(field.nested, path) : [])];
  });
}

type Mutation = { path: string[]; change: { remove: true } | { set: Json } | { addKey: string; value: Json } };

function mutate(payload: Record<string, Json>, { path, change }: Mutation): void {
  let node: Json = payload;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    const next: Json | undefined = (node as Record<string, Json>)[key];
    if (next === undefined) (node as Record<string, Json>)[key] = {};
    node = (node as Record<string, Json>)[key];
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const target = node as Record<string, Json>;
  const last = path[path.length - 1];
  if ('remove' in change) delete target[last];
  else if ('set' in change) target[last] = change.set;
  // defineProperty, so that `__proto__` becomes an own key, as JSON.parse makes it.
  else Object.defineProperty(target, change.addKey, { value: change.value, enumerable: true, configurable: true, writable: true });
}

/**
 * Payloads for a DTO: a valid sample broken in one to three places, each a field of the DTO
 * or of one nested in it (read from its decorators) removed, set to null, to a wrong type,
 * to hostile text, or to the sample's text with hostile text after it; or an unknown or
 * dangerous key added beside it. Near-valid, so that many reach `decide`.
 */
export function payloadFor(dto: DtoClass, sample: Record<string, unknown>): fc.Arbitrary<Record<string, Json>> {
  const paths = pathsOf(dto);
  const mutation: fc.Arbitrary<Mutation> = fc.constantFrom(...paths).chain(({ path, field }) =>
    fc.oneof(
      fc.constant<Mutation>({ path, change: { remove: true } }),
      fc.constant<Mutation>({ path, change: { set: null } }),
      hostileValue.map<Mutation>((value) => ({ path, change: { set: value } })),
      hostileString.map<Mutation>((text) => ({ path, change: { set: `${valueAt(sample, path) ?? ''}${text}` } })),
      ...(field.allowed
        ? [fc.constantFrom(...(field.allowed as Json[])).map<Mutation>((value) => ({ path, change: { set: value } }))]
        : []),
      fc
        .tuple(fc.constantFrom('$where', '__proto__', 'unknownField', 'constructor', '', 'a.b'), hostileValue)
        .map<Mutation>(([addKey, value]) => ({ path, change: { addKey, value } })),
    ),
  );
  return fc.array(mutation, { minLength: 0, maxLength: 3 }).map((mutations) => {
    const payload = structuredClone(sample) as Record<string, Json>;
    for (const each of mutations) mutate(payload, each);
    return onTheWire(payload);
  });
}

function valueAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );
}

/** As it arrives: through JSON text, as a body parser or a Kafka consumer sees it. */
export function onTheWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
