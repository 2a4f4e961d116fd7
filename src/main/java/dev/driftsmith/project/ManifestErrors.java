package dev.driftsmith.project;

import dev.driftsmith.input.Wire;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.dataformat.yaml.JacksonYAMLParseException;

/**
 * Jackson's reading errors in the words of the tools: the field path first, then what is accepted.
 * Jackson's own messages name Java types ({@code ArrayList<Table>}, {@code int}) that a person
 * editing YAML has never seen.
 */
public final class ManifestErrors {
  private ManifestErrors() {}

  private static final Pattern GIVEN_SHAPE = Pattern.compile("from (Array|Object|String|Integer|Number|Floating-point|Boolean|Null)");

  public static ManifestProblem describe(JacksonException e) {
    return describe(e, "");
  }

  /** As {@link #describe(JacksonException)}, for a value read from the field {@code prefix}. */
  public static ManifestProblem describe(JacksonException e, String prefix) {
    String field = path(prefix, e.getPath());
    if (e instanceof JacksonYAMLParseException) {
      String reason = e.getOriginalMessage().lines().findFirst().orElse("").strip();
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return new ManifestProblem(field.isEmpty() ? "(top level)" : field,
          "is not valid YAML (" + reason + "); check the indentation and quoting on this line", line);
    }
    if (field.isEmpty()) {
      return new ManifestProblem("(top level)", "must be a mapping with the keys project, database, schema and features");
    }
    return new ManifestProblem(field, reason(e));
  }

  private static String reason(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field; accepted fields are " + new TreeSet<>(names(u.getKnownPropertyIds()));
    }
    if (e instanceof InvalidFormatException f && wireValues(f.getTargetType()) != null) {
      return notAccepted(f.getTargetType(), f.getValue());
    }
    if (e instanceof InvalidFormatException f) {
      return "must be " + expected(f.getTargetType()) + ", got " + quoted(f.getValue());
    }
    if (e instanceof ValueInstantiationException) {
      // Our records refuse a null element in their lists: YAML gives one for a "-" with nothing after it.
      return "has an empty entry in one of its lists (a '-' with nothing after it); remove it or fill it in";
    }
    if (e instanceof InputCoercionException) {
      return "is out of range: " + e.getOriginalMessage().replaceAll(" of `\\w+`", "");
    }
    if (e instanceof MismatchedInputException m) {
      String expected = expected(m.getTargetType());
      if (e.getOriginalMessage().startsWith("Cannot map `null`")) return "is required (" + expected + ")";
      Matcher given = GIVEN_SHAPE.matcher(e.getOriginalMessage());
      return "must be " + expected + (given.find() ? ", got " + shape(given.group(1)) : "");
    }
    return e.getOriginalMessage();
  }

  /**
   * The refusal of {@code value} for a field of {@link Wire} enum {@code type}: the words a tool uses
   * for the same value, so a hand edit reads as the call would.
   */
  static String notAccepted(Class<?> type, Object value) {
    return "'" + value + "' is not accepted; use one of " + wireValues(type);
  }

  /** The wire names of an enum of the manifest, or null for other types. */
  private static List<String> wireValues(Class<?> type) {
    if (type == null || !type.isEnum() || !Wire.class.isAssignableFrom(type)) return null;
    return Arrays.stream(type.getEnumConstants()).map(c -> ((Wire) c).wire()).toList();
  }

  private static List<String> names(Collection<Object> ids) {
    return ids.stream().map(String::valueOf).toList();
  }

  /** The field path in the tools' form: {@code schema.tables[2].columns[0]}. */
  static String path(String prefix, List<JacksonException.Reference> references) {
    StringBuilder out = new StringBuilder(prefix);
    for (JacksonException.Reference r : references) {
      if (r.getPropertyName() != null) {
        if (!out.isEmpty()) out.append('.');
        out.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) return "another kind of value";
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class || type == short.class) {
      return "a whole number";
    }
    if (type == double.class || type == float.class || type == Double.class || type == Float.class) return "a number";
    if (type == boolean.class || type == Boolean.class) return "true or false";
    if (type == String.class) return "text";
    if (wireValues(type) != null) return "one of " + wireValues(type);
    if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
    return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping of fields" : "a " + type.getSimpleName();
  }

  private static String shape(String jacksonShape) {
    return switch (jacksonShape) {
      case "Array" -> "a list";
      case "Object" -> "a mapping";
      case "String" -> "text";
      case "Integer", "Number", "Floating-point" -> "a number";
      case "Boolean" -> "true or false";
      default -> "nothing";
    };
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
