import { ProblemException } from '../http/problem.exception';
import { invalidInput } from '../problems/problem';
import { validatePayload } from './validate-payload';

/** Query-string parameters checked like a body: known names only, strings only, no operators. */
export function validQuery<T extends object>(dto: new () => T, query: unknown): T {
  const validated = validatePayload(dto, { ...(query as object) }, 'query');
  if (!validated.ok) throw new ProblemException(invalidInput(validated.errors));
  return validated.value;
}
