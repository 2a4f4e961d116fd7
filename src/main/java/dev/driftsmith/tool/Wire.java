package dev.driftsmith.tool;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.driftsmith.input.ToolException;
import java.util.Arrays;
import java.util.List;

/**
 * An enum constant's name on the wire and in driftsmith.yaml ({@code serverWins}, {@code field-level}),
 * so Java keeps enum names and the contract keeps the specification's spelling.
 */
public interface Wire {
  @JsonValue
  String wire();

  static <E extends Enum<E> & Wire> List<String> values(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Wire::wire).toList();
  }

  static <E extends Enum<E> & Wire> E parse(Class<E> type, String value, String field) throws ToolException {
    for (E e : type.getEnumConstants()) if (e.wire().equals(value)) return e;
    throw new ToolException(field, "'" + value + "' is not accepted; use one of " + values(type));
  }
}
