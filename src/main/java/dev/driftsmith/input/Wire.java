package dev.driftsmith.input;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An enum constant's name on the wire and in driftsmith.yaml ({@code serverWins}, {@code field-level}),
 * so Java keeps enum names and the contract keeps the specification's spelling. The wire name is
 * the constant's name in lowerCamelCase ({@code SERVER_WINS} → {@code serverWins}), or dashed for a
 * {@link Dashed} enum ({@code VECTOR_CLOCK} → {@code vector-clock}); an enum whose spelling follows
 * neither rule overrides {@link #wire()}. Jackson reads and writes the wire name. An enum whose
 * values reach a template also returns it from {@code toString()}, because templates print values
 * with {@code toString()} and must write the same spelling as the manifest.
 */
public interface Wire {
  /** The constant's Java name (every enum has it). */
  String name();

  @JsonValue
  default String wire() {
    String[] words = name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    return out.toString();
  }

  /** An enum whose wire names are lower-case words joined by dashes, as the specification spells some. */
  interface Dashed extends Wire {
    @Override
    default String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

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
