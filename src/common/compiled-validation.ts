import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';

// class-transformer's own metadata (`@Type`, `@Transform`, `@Expose`, `@Exclude`), which its
// package index does not export; the path is the one its decorators write to.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: TransformerMetadata;
};

/**
 * A DTO's class-validator rules compiled once into a check that answers "valid" or "not sure".
 * It runs the DTO's own validators (the same constraint instances, in the same order, with the
 * same arguments class-validator gives them), so the DTO stays the one source of its rules and of
 * the OpenAPI document; what it leaves out is class-validator's per-request work — building an
 * instance with class-transformer, grouping the metadata, an error object per property, a promise.
 *
 * "Not sure" (`false`) is any body it cannot vouch for: an unknown field, a failed rule, a nested
 * object (left to class-transformer's `@Type` and `@ValidateNested`), an async rule. The pipe
 * then runs the full class-validator path, which finds the problem and words the 400 exactly as
 * before. So a body is accepted here only when class-validator would accept it too, and refused
 * only by class-validator.
 */
export type CompiledCheck = (body: Record<string, unknown>) => boolean;

interface CompiledProperty {
  readonly name: string;
  /** `@IsOptional`/`@ValidateIf`: the property is checked only when all of these hold. */
  readonly conditions: ((object: object, value: unknown) => boolean)[];
  /** Rules run in class-validator's order: `@IsDefined` first, then the rest. */
  readonly rules: ((object: object, value: unknown) => boolean)[];
  /** Nested or typed (`@ValidateNested`, `@Type`): present means "not sure". */
  readonly nested: boolean;
}

const compiled = new WeakMap<object, CompiledCheck | null>();

/**
 * The compiled check of a DTO class, or null when its rules use something this does not model.
 * A body it vouches for becomes the DTO's instance as class-transformer builds a flat one:
 * `Object.assign(new Dto(), body)`.
 */
export function compiledCheckOf(dto: new () => object): CompiledCheck | null {
  let check = compiled.get(dto);
  if (check === undefined) {
    check = compile(dto);
    compiled.set(dto, check);
  }
  return check;
}

function compile(dto: new () => object): CompiledCheck | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(
    dto,
    '',
    false,
    false,
    undefined,
  );
  // No rules at all is class-validator's "unknown value" refusal: its path words that.
  if (metadatas.length === 0) return null;
  // A field declared with a value would be filled in by class-transformer (fields declared
  // without one are own properties holding undefined, as the instance the pipe builds has them);
  // exposes, excludes and transforms change what is validated. None is modelled here.
  if (Object.values(new dto()).some((v) => v !== undefined)) return null;
  if (
    defaultMetadataStorage.getStrategy(dto) !== 'none' ||
    defaultMetadataStorage.getExposedMetadatas(dto).length > 0 ||
    defaultMetadataStorage.getExcludedMetadatas(dto).length > 0
  )
    return null;
  const properties: CompiledProperty[] = [];
  const grouped = storage.groupByPropertyName(metadatas);
  for (const name of Object.keys(grouped)) {
    const property = compileProperty(dto, name, grouped[name]);
    if (!property) return null;
    properties.push(property);
  }
  const known = new Set(properties.map((p) => p.name));
  return (body) => {
    for (const key of Object.keys(body)) if (!known.has(key)) return false;
    for (const property of properties) {
      const value = body[property.name];
      let applies = true;
      for (const condition of property.conditions)
        applies = condition(body, value) && applies;
      if (!applies) continue;
      if (property.nested && value !== undefined) return false;
      for (const rule of property.rules) if (!rule(body, value)) return false;
    }
    return true;
  };
}

function compileProperty(
  dto: new () => object,
  name: string,
  metadatas: readonly ValidationMetadata[],
): CompiledProperty | null {
  const storage = getMetadataStorage();
  const conditions: CompiledProperty['conditions'] = [];
  const defined: CompiledProperty['rules'] = [];
  const rules: CompiledProperty['rules'] = [];
  let nested =
    defaultMetadataStorage.findTypeMetadata(dto, name) !== undefined ||
    defaultMetadataStorage.findTransformMetadatas(dto, name, 0).length > 0 ||
    defaultMetadataStorage.findTransformMetadatas(dto, name, 1).length > 0;
  for (const metadata of metadatas) {
    if (metadata.groups?.length || metadata.always) return null;
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        conditions.push(
          metadata.constraints[0] as (
            object: object,
            value: unknown,
          ) => boolean,
        );
        break;
      case ValidationTypes.NESTED_VALIDATION:
        nested = true;
        break;
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION: {
        const rule = compileRule(dto, name, metadata, storage);
        if (!rule) return null;
        (metadata.type === ValidationTypes.IS_DEFINED ? defined : rules).push(
          rule,
        );
        break;
      }
      default:
        return null;
    }
  }
  return { name, conditions, rules: [...defined, ...rules], nested };
}

function compileRule(
  dto: new () => object,
  name: string,
  metadata: ValidationMetadata,
  storage: ReturnType<typeof getMetadataStorage>,
): CompiledProperty['rules'][number] | null {
  // `each` validates the items of an array, set or map: left to class-validator.
  if (metadata.each) return null;
  const constraints = storage.getTargetValidatorConstraints(
    metadata.constraintCls,
  );
  if (constraints.length === 0 || constraints.some((c) => c.async)) return null;
  return (object, value) => {
    for (const constraint of constraints) {
      const valid: unknown = (
        constraint.instance as {
          validate(value: unknown, args: object): unknown;
        }
      ).validate(value, {
        targetName: dto.name,
        property: name,
        object,
        value,
        constraints: metadata.constraints,
      });
      if (valid !== true) return false;
    }
    return true;
  };
}
