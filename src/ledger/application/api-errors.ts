import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorDto } from './dto/deal.dto';

/** The error answers every ledger write may give, documented once for OpenAPI. */
export function ApiWriteErrors(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBadRequestResponse({
      type: ErrorDto,
      description:
        'Bad input or a broken rule; `message` names the field. Nothing is recorded.',
    }),
    ApiUnauthorizedResponse({
      type: ErrorDto,
      description: 'No token, or an unknown one (when TANGLE_TOKENS is set)',
    }),
    ApiForbiddenResponse({
      type: ErrorDto,
      description:
        'The token’s role is too low, or a non-loopback caller without tokens configured',
    }),
    ApiNotFoundResponse({
      type: ErrorDto,
      description: 'The company or deal does not exist',
    }),
    ApiUnprocessableEntityResponse({
      type: ErrorDto,
      description:
        'The Idempotency-Key was already used for a different request',
    }),
  );
}
