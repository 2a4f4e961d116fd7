package dev.driftsmith.input;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An enum constant's name on the wire and in driftsmith.yaml ({@code serverWins}, {@code field-level}),
 * so Java keeps enum names and the contract keeps the specification's spelling. Jackson reads and
 * writes the wire name; implementations also return it from {@code toString()}, because templates
 * print values with {@code toString()} and must write the same spelling as the manifest.
 */
public interface Wire {
  @JsonValue
  String wire();

  static <E extends Enum<E> & Wire> List<String> values(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Wire::wire).toList();
  }

  static <E extends Enum<E> & Wire> Optional<E> find(Class<E> type, String value) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(value)).findFirst();
  }

  static <E extends Enum<E> & Wire> E parse(Class<E> type, String value, String field) throws ToolException {
    return find(type, value).orElseThrow(() -> refusal(type, value, field));
  }

  /** The refusal of a value that is none of {@code type}'s wire names, the same wherever the value came from. */
  static <E extends Enum<E> & Wire> ToolException refusal(Class<E> type, String value, String field) {
    return new ToolException(field, "'" + value + "' is not accepted; use one of " + values(type));
  }
}
