import fc from 'fast-check';
import { ProblemException } from '../http/problem.exception';
import { camelCaseKeys } from './partner-center-keys';

describe("Partner Center's property names in either first-letter case", () => {
  it('takes FirstName as firstName, at every level of a resource', () => {
    expect(camelCaseKeys({ FirstName: 'Alex', DefaultAddress: { PostalCode: '98052' }, Links: [{ Uri: '/x' }] })).toEqual({
      firstName: 'Alex',
      defaultAddress: { postalCode: '98052' },
      links: [{ uri: '/x' }],
    });
  });

  it('refuses two names that become one, rather than letting one win', () => {
    expect(() => camelCaseKeys({ Email: 'a@contoso.com', email: 'b@contoso.com' })).toThrow(ProblemException);
  });

  it('keeps a prototype key as a plain property, for the payload check to refuse', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "Constructor": 1}');
    const result = camelCaseKeys(parsed) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('given any JSON, answers it renamed or refuses it, never fails otherwise, and keeps every value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        let renamed: unknown;
        try {
          renamed = camelCaseKeys(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ProblemException);
          return;
        }
        // Renaming again changes nothing, and the leaves are the values sent.
        expect(camelCaseKeys(renamed)).toEqual(renamed);
        const leaves = (node: unknown): unknown[] =>
          node !== null && typeof node === 'object' ? Object.values(node).flatMap(leaves) : [node];
        expect(leaves(renamed).sort()).toEqual(leaves(value).sort());
      }),
    );
  });

  it('given a value deeper than any resource, leaves the deep part as sent', () => {
    let deep: Record<string, unknown> = { Leaf: 1 };
    for (let i = 0; i < 20; i++) deep = { Level: deep };
    const renamed = camelCaseKeys(deep) as Record<string, unknown>;
    expect(Object.keys(renamed)).toEqual(['level']);
    expect(JSON.stringify(renamed)).toContain('"Leaf":1');
  });
});
