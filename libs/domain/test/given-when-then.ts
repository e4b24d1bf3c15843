import { CustomerAccountCommand, CustomerAccountEvent, DomainError, decide, fold } from '../src';

type ExpectedError = Partial<Pick<DomainError, 'kind' | 'code'>> & {
  fields?: Array<{ field: string; code?: number; reason?: string | RegExp }>;
};

/** given (past events) / when (command) / then (new events, or an error). */
export function given(...history: CustomerAccountEvent[]) {
  const state = fold(history);
  return {
    when(command: CustomerAccountCommand) {
      return {
        then(expected: CustomerAccountEvent[]): void {
          expect(decide(command, state)).toEqual(expected);
        },
        thenFails(expected: ExpectedError): DomainError {
          let thrown: unknown;
          try {
            decide(command, state);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          const error = thrown as DomainError;
          if (expected.kind) expect(error.kind).toBe(expected.kind);
          if (expected.code) expect(error.code).toBe(expected.code);
          for (const field of expected.fields ?? []) {
            const match = error.fieldErrors.find((e) => e.field === field.field);
            expect({ field: field.field, found: match !== undefined, errors: error.fieldErrors }).toMatchObject({ found: true });
            if (field.code) expect(match!.code).toBe(field.code);
            if (field.reason) expect(match!.reason).toMatch(field.reason);
          }
          return error;
        },
      };
    },
  };
}
