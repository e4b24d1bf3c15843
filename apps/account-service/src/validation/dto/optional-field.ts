import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out but not given as null. `@IsOptional()` lets null through, and
 * null means something only in a merge patch (remove the field), whose DTOs say so with it.
 */
export const OptionalField = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
