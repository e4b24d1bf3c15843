import { PipeTransform, Query, Type } from '@nestjs/common';
import { ProblemException } from '../http/problem.exception';
import { invalidInput } from '../problems/problem';
import { validatePayload } from './validate-payload';

/** Query-string parameters checked like a body: known names only, strings only, no operators. */
export function validQuery<T extends object>(dto: new () => T, query: unknown): T {
  const validated = validatePayload(dto, { ...(query as object) }, 'query');
  if (!validated.ok) throw new ProblemException(invalidInput(validated.errors));
  return validated.value;
}

class ValidQueryPipe<T extends object> implements PipeTransform<unknown, T> {
  constructor(private readonly dto: new () => T) {}

  transform(query: unknown): T {
    return validQuery(this.dto, query);
  }
}

/**
 * The whole query string as the DTO, checked before the handler runs. The parameter's type is
 * the DTO, so the OpenAPI document lists its fields as the query's parameters.
 */
export const ValidQuery = <T extends object>(dto: Type<T>): ParameterDecorator => Query(new ValidQueryPipe(dto));
