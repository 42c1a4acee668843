/**
 * Data rules of a schema (docs/schema.md, "Validators and model rules"): ZenStack's field validators
 * ({@code @length}, {@code @email}, {@code @gt}, …), transforms ({@code @trim}, {@code @lower},
 * {@code @upper}) and model rules ({@code @@validate}), compiled once from the parsed schema into
 * immutable {@link dev.plinth.schema.rules.DataRules} and evaluated on the values of a write. Vocabulary
 * from https://zenstack.dev/docs/reference/zmodel-language#data-validation.
 */
package dev.plinth.schema.rules;
