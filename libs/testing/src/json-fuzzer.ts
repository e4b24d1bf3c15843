import { randomUUID } from 'node:crypto';

type Schema = Record<string, any>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A seeded generator (mulberry32), so that a failing fuzz run can be repeated with its seed. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Resolves `#/components/schemas/X` references against the document. */
export function resolve(schema: Schema, document: Schema): Schema {
  if (!schema.$ref) return schema;
  const path = (schema.$ref as string).replace(/^#\//, '').split('/');
  return resolve(
    path.reduce((node: Schema, key) => node[key], document),
    document,
  );
}

/**
 * An instance the schema allows and the service should accept: required properties, plus
 * optional ones that carry an example (the examples are values that pass the domain's rules).
 */
export function validInstance(schema: Schema, document: Schema): Json {
  const resolved = resolve(schema, document);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum) return resolved.enum[0];
  if (resolved.oneOf)
    return validInstance(
      resolved.oneOf.find((option: Schema) => option.type !== 'null'),
      document,
    );
  const type = Array.isArray(resolved.type) ? resolved.type.find((t: string) => t !== 'null') : resolved.type;
  if (type === 'object') {
    const required = new Set<string>(resolved.required ?? []);
    return Object.fromEntries(
      Object.entries((resolved.properties ?? {}) as Record<string, Schema>)
        .filter(([name, property]) => required.has(name) || property.$ref !== undefined || property.example !== undefined)
        .map(([name, property]) => [name, validInstance(property, document)]),
    );
  }
  if (resolved.format === 'uuid') return randomUUID();
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  return 'text';
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  'zero\u200bwidth',
  '\u202eevil',
  '💥'.repeat(300),
  "'; DROP TABLE customers; --",
  '{"$gt": ""}',
  '=cmd|" /C calc"!A0',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%2e%2e',
  'x'.repeat(70_000),
  'ü'.repeat(3_000),
];

const HOSTILE_VALUES: Json[] = [{ $gt: '' }, { $where: 'sleep(1000)' }, { $ne: null }, [], [1, 2, 3], {}, null, 0, -1, 1e308, true, false];

/** Each leaf and node of a JSON value, by path, for mutations to aim at. */
function places(value: Json, path: string[] = []): string[][] {
  const here = [path];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) here.push(...places(child as Json, [...path, key]));
  }
  return here;
}

function setAt(root: Json, path: string[], replace: (old: Json) => Json | undefined): Json {
  if (path.length === 0) return replace(root) ?? null;
  const copy = structuredClone(root) as Record<string, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, Json>;
  const leaf = path[path.length - 1];
  const next = replace(parent[leaf]);
  if (next === undefined) delete parent[leaf];
  else parent[leaf] = next;
  return copy;
}

function deeplyNested(depth: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

export interface FuzzedBody {
  kind: string;
  /** A JSON value to send, or raw text/bytes. */
  json?: Json;
  raw?: string | Buffer;
}

/** One hostile variation of a valid body, chosen by the generator. */
export function mutate(valid: Json, random: SeededRandom): FuzzedBody {
  const targets = places(valid);
  const target = random.pick(targets);
  const objects = targets.filter((path) => {
    const node = path.reduce<Json>((n, key) => (n as Record<string, Json>)[key], valid);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const inObject = random.pick(objects.length > 0 ? objects : [[]]);
  switch (random.int(12)) {
    case 0:
      return { kind: 'unknown field', json: setAt(valid, [...inObject, `field${random.int(1000)}`], () => 'surprise') };
    case 1:
      return { kind: 'hostile value', json: setAt(valid, target, () => random.pick(HOSTILE_VALUES)) };
    case 2:
      return { kind: 'hostile string', json: setAt(valid, target, () => random.pick(HOSTILE_STRINGS)) };
    case 3:
      return { kind: 'missing field', json: target.length > 0 ? setAt(valid, target, () => undefined) : null };
    case 4:
      return {
        kind: 'operator key',
        json: setAt(valid, [...inObject, random.pick(['$set', '$where', '$gt', 'a.$b'])], () => ({ admin: true })),
      };
    case 5: {
      const key = random.pick(['__proto__', 'constructor', 'prototype']);
      const json = JSON.stringify(setAt(valid, [...inObject, 'POLLUTION'], () => ({ polluted: true })));
      return { kind: 'prototype key', raw: json.replace('"POLLUTION"', `"${key}"`) };
    }
    case 6:
      return { kind: 'deep nesting', json: setAt(valid, target, () => deeplyNested(10 + random.int(2_000))) };
    case 7:
      return { kind: 'not an object', json: random.pick<Json>([[valid], 'text', 42, null, true]) };
    case 8:
      return {
        kind: 'invalid UTF-8',
        raw: Buffer.concat([
          Buffer.from(JSON.stringify(valid).slice(0, -1)),
          Buffer.from(',"x":"'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      };
    case 9:
      return { kind: 'broken JSON', raw: JSON.stringify(valid).slice(0, Math.max(1, random.int(JSON.stringify(valid).length))) };
    case 10:
      return { kind: 'oversized', json: setAt(valid, [...inObject, 'padding'], () => 'p'.repeat(80_000)) };
    default:
      return { kind: 'duplicate keys', raw: JSON.stringify(valid).replace(/^\{/, '{"customerId":"x","customerId":{"$gt":""},') };
  }
}
