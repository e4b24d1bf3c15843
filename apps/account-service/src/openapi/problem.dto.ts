import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto {
  field: string;
  reason: string;
  code: number;
}

/** The answer to every refused request: RFC 7807 problem details with the Partner Center error code. */
@ApiSchema({
  name: 'Problem',
  description: 'RFC 7807 problem details with the Partner Center error code; field errors name the field, never echo its value.',
})
export class ProblemDto {
  type: string;
  title: string;
  status: number;
  code: number;
  @ApiProperty({ maxLength: 1024 }) detail: string;
  @ApiPropertyOptional() instance?: string;
  errors: FieldErrorDto[];
}
