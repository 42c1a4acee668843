package dev.plinth.schema.rules;

/**
 * One failed data rule: what the API reports as one entry of a 422 {@code validation_failed}.
 *
 * @param field   the API name of the field, the {@code path} of a model rule, or the empty string for a
 *                model rule about the row as a whole
 * @param code    the stable machine code ({@code too_short}, {@code pattern_mismatch}, {@code rule_failed}, …)
 * @param message the custom message of the rule, or Plinth's
 */
public record RuleFailure(String field, String code, String message) {
}
