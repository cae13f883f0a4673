import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  registerDecorator,
  validate,
  ValidationArguments,
  ValidationError as ClassValidationError,
  ValidationOptions,
} from 'class-validator';
import { ValidationError } from '../shared/errors';
import { compiledCheckOf } from './compiled-validation';
import { SLUG } from '../shared/ids';
import { isValidInstantString, parseInstant } from '../shared/time';

/**
 * Edge validation for every JSON body: class-validator DTOs, unknown fields refused, no implicit
 * type conversion. The first problem becomes our ValidationError (→ 400 through HttpErrorFilter)
 * whose message names the field: `amountUsd: must be a positive finite number`,
 * `schedule[1].date: "2025-13-45" is not a calendar date`, `colour: is not a known field`.
 */
@Injectable()
export class BodyValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => firstProblem(errors),
    });
  }

  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    // What ValidationPipe answers for these, without its per-call work: a custom decorator's value
    // as it is (`@Write()`), a string path parameter as the string it is.
    if (
      metadata.type === 'custom' ||
      (metadata.type === 'param' &&
        metadata.metatype === String &&
        typeof value === 'string')
    )
      return value;
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      this.toValidate(metadata)
    ) {
      const vouched = this.vouchedBody(
        value,
        metadata.metatype as new () => object,
      );
      if (vouched) return vouched;
    }
    return super.transform(value, metadata);
  }

  /**
   * A body of the DTO `dto`, validated: at once (no promise) when the DTO's compiled rules vouch
   * for it, else the way `transform` takes, which words the refusal. What ledger write routes
   * call in place of the pipe step (see LedgerWriteController).
   */
  body(value: unknown, dto: new () => object): object | Promise<unknown> {
    return (
      this.vouchedBody(value, dto) ??
      super.transform(value, { type: 'body', metatype: dto })
    );
  }

  /**
   * The shape checks every body passes (a JSON object within BODY_LIMITS), then the DTO's rules
   * compiled once: a body they vouch for, as the DTO, skips class-transformer and
   * class-validator's per-request machinery; undefined sends any other the full way, which words
   * the refusal (see compiled-validation.ts).
   */
  private vouchedBody(
    value: unknown,
    dto: new () => object,
  ): object | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ValidationError(
        'body',
        'must be a JSON object (Content-Type: application/json)',
      );
    }
    checkBodyShape(value);
    const check = compiledCheckOf(dto);
    return check?.(value as Record<string, unknown>)
      ? Object.assign(new dto(), value)
      : undefined;
  }
}

/**
 * Limits every JSON body obeys, whatever its DTO (API.md and the OpenAPI page state them):
 * nesting depth, string length, array length, and the magnitude of every money field (a key
 * ending in `Usd`, or anything inside one: `estimateUsd.low`). With amounts bounded and arrays
 * bounded, every sum the service computes stays a finite number.
 */
export const BODY_LIMITS = {
  /** Objects and arrays within objects and arrays, the body itself being level 1. */
  depth: 32,
  stringLength: 5_000,
  arrayItems: 1_000,
  /** $1,000 trillion: ten times the world's yearly output, and far from overflow. */
  maxUsd: 1e15,
} as const;

/**
 * Names that are never fields of ours and that some code would read as the object's machinery
 * rather than its data: refused like any unknown field, wherever they appear.
 */
const REFUSED_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/**
 * Walks a parsed body without recursion (a hostile body may be nested thousands deep, which
 * recursive validators answer with a stack overflow) and throws the ValidationError naming the
 * first field over a limit. Runs before the DTO is validated.
 */
export function checkBodyShape(body: unknown, root = 'body'): void {
  const stack: { value: unknown; path: string; depth: number; usd: boolean }[] =
    [{ value: body, path: '', depth: 1, usd: false }];
  while (stack.length > 0) {
    const { value, path, depth, usd } = stack.pop()!;
    const name = path || root;
    if (typeof value === 'string') {
      if (value.length > BODY_LIMITS.stringLength)
        throw new ValidationError(
          name,
          `must be at most ${BODY_LIMITS.stringLength} characters (got ${value.length})`,
        );
      continue;
    }
    if (typeof value === 'number') {
      // Non-finite amounts are left to the DTO, which says "must be a finite number".
      if (usd && Number.isFinite(value) && Math.abs(value) > BODY_LIMITS.maxUsd)
        throw new ValidationError(
          name,
          'must be at most 1e15 (USD 1,000 trillion) in size',
        );
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > BODY_LIMITS.depth)
      throw new ValidationError(
        root,
        `is nested more than ${BODY_LIMITS.depth} levels deep`,
      );
    // Children are pushed in reverse so the first field in the body is the first one reported.
    if (Array.isArray(value)) {
      if (value.length > BODY_LIMITS.arrayItems)
        throw new ValidationError(
          name,
          `must have at most ${BODY_LIMITS.arrayItems} items (got ${value.length})`,
        );
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({
          value: value[i] as unknown,
          path: `${path || root}[${i}]`,
          depth: depth + 1,
          usd,
        });
    } else {
      const keys = Object.keys(value);
      // A refused name anywhere among the keys is reported before any of its siblings' problems.
      for (const key of keys)
        if (REFUSED_KEYS.has(key))
          throw new ValidationError(
            path ? `${path}.${key}` : key,
            'is not a known field',
          );
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        stack.push({
          value: (value as Record<string, unknown>)[key],
          path: path ? `${path}.${key}` : key,
          depth: depth + 1,
          usd: usd || key.endsWith('Usd'),
        });
      }
    }
  }
}

const BOUND_CONSTRAINTS = new Set(['min', 'max', 'isPositive', 'isNegative']);

/** Constraints that say "a number": a value of another type is told that, not a bound it misses. */
const NUMERIC_CONSTRAINTS = new Set([
  'isInt',
  'isNumber',
  'isAmount',
  'min',
  'max',
  'isPositive',
  'isNegative',
]);

/** class-validator errors → the first offending field, with its path (`schedule[0].amountUsd`). */
export function firstProblem(
  errors: readonly ClassValidationError[],
  parent = '',
): ValidationError {
  for (const error of errors) {
    const path = pathOf(parent, error.property);
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      const [kind, message] = Object.entries(error.constraints)[0];
      if (kind === 'whitelistValidation')
        return new ValidationError(path, 'is not a known field');
      // A bound (`max` is often checked first) is no answer to a value that is not a number at all.
      if (
        BOUND_CONSTRAINTS.has(kind) &&
        typeof error.value !== 'number' &&
        Object.keys(error.constraints).some((k) => NUMERIC_CONSTRAINTS.has(k))
      )
        return new ValidationError(path, 'must be a number');
      return new ValidationError(
        path,
        message.startsWith(`${error.property} `)
          ? message.slice(error.property.length + 1)
          : message,
      );
    }
    if (error.children && error.children.length > 0)
      return firstProblem(error.children, path);
  }
  return new ValidationError(parent || 'body', 'is not valid');
}

function pathOf(parent: string, property: string): string {
  if (parent === '') return property;
  return /^\d+$/.test(property)
    ? `${parent}[${property}]`
    : `${parent}.${property}`;
}

/**
 * Validates a plain object against a DTO class exactly as the pipe does (import lines, CLI):
 * returns the typed instance, or throws the ValidationError naming the first offending field.
 */
export async function validateAs<T extends object>(
  dto: new () => T,
  plain: unknown,
  field = 'body',
): Promise<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain))
    throw new ValidationError(field, 'must be a JSON object');
  checkBodyShape(plain, field);
  const instance = plainToInstance(dto, plain, {
    enableImplicitConversion: false,
  });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) throw firstProblem(errors);
  return instance;
}

/** An ISO 8601 date or instant that parseInstant accepts (impossible dates refused). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        // Asked of every date field of every write: an answer without a throw or a new string.
        validate: (value: unknown) =>
          typeof value === 'string' && isValidInstantString(value),
        defaultMessage: (args?: ValidationArguments) => {
          try {
            parseInstant(args?.value, 'value');
            return 'must be an ISO 8601 date or time';
          } catch (error) {
            return `${(error as Error).message.replace(/^value: /, '')} (ISO 8601: 2025-09-10 or 2025-09-10T12:00:00Z)`;
          }
        },
      },
    });
}

/** One value of `values`; the refusal lists them (`must be one of binding, conditional, intent`). */
export function IsOneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], {
    message: `must be one of ${values.join(', ')}`,
  });
}

/** A finite number (JSON's 1e999 arrives as Infinity), optionally > 0 or ≥ 0 or within [0, 1]. */
export function IsAmount(
  kind: 'positive' | 'non-negative' | 'any' | 'rate',
  options?: ValidationOptions,
): PropertyDecorator {
  const message = {
    positive: 'must be a positive finite number',
    'non-negative': 'must be a finite number, zero or more',
    any: 'must be a finite number',
    rate: 'must be a number between 0 and 1',
  }[kind];
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' &&
          Number.isFinite(value) &&
          (kind === 'positive'
            ? value > 0
            : kind === 'non-negative'
              ? value >= 0
              : kind === 'rate'
                ? value >= 0 && value <= 1
                : true),
      },
    });
}

/** A slug id (`^[a-z0-9][a-z0-9-]{0,62}$`). */
export function IsSlug(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSlug',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          'must be a slug (lowercase letters, digits and hyphens, 1-63 characters, starting with a letter or digit)',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && SLUG.test(value),
      },
    });
}
