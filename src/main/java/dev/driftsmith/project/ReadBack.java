package dev.driftsmith.project;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The manifest that reading back the text written from a manifest gives, computed without reading
 * it. The call after a write reads the driftsmith.yaml that write produced, and parsing it is a
 * pass over the whole project; the model it would bind is the written one, except where a value
 * has no declared type (a column default, a feature's stored settings): there the writer may hold
 * a Long that YAML reads back as an Integer. Those values are brought to the type YAML gives them;
 * a value whose type this cannot be sure of (a string YAML could read as a number, a boolean or
 * null; a float, an infinity) leaves the text to be read in full.
 */
final class ReadBack {
  private ReadBack() {}

  /** A null map value, which Optional cannot hold. */
  private static final Object NULL = new Object();

  /** Words YAML may read as a boolean or null rather than a string (YAML 1.1 and 1.2 spellings). */
  private static final Set<String> NOT_PLAIN = Set.of("", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n");

  /** Anything that starts like a number (signs, digits, a leading dot, .inf and .nan). */
  private static final Pattern NUMBER_LIKE = Pattern.compile("^[-+.0-9].*", Pattern.DOTALL);

  /** The manifest reading {@code written}'s YAML binds; empty when only reading it can tell. */
  static Optional<Manifest> of(Manifest written) {
    if (written.project() == null || !plain(written)) return Optional.empty();
    List<Table> tables = new ArrayList<>();
    for (Table t : written.schema().tables()) {
      Optional<Table> read = table(t);
      if (read.isEmpty()) return Optional.empty();
      tables.add(read.get());
    }
    Map<String, Object> features = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : written.features().entrySet()) {
      Optional<Object> read = untyped(e.getValue());
      if (read.isEmpty()) return Optional.empty();
      features.put(e.getKey(), read.get());
    }
    return Optional.of(new Manifest(written.project(), written.database(), written.schema().withTables(tables), features));
  }

  private static Optional<Table> table(Table t) {
    List<Column> columns = new ArrayList<>();
    boolean same = true;
    for (Column c : t.columns()) {
      if (c.defaultValue() == null) {
        columns.add(c);
        continue;
      }
      Optional<Object> read = untyped(c.defaultValue());
      if (read.isEmpty()) return Optional.empty();
      same &= read.get() == c.defaultValue();
      columns.add(c.withDefault(read.get()));
    }
    return Optional.of(same ? t : t.withColumns(columns));
  }

  /**
   * Whether every string of {@code value} that has a declared type reads back as written. YAML
   * writes a string that looks like a number unquoted, and one such as {@code .inf} then does not
   * read back as a string at all. The values without a declared type are {@link #untyped}'s.
   */
  private static boolean plain(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) return true;
    if (value instanceof String s) return plainString(s);
    if (value instanceof List<?> list) return list.stream().allMatch(ReadBack::plain);
    if (value instanceof Map<?, ?> map) return map.keySet().stream().allMatch(ReadBack::plain) && map.values().stream().allMatch(ReadBack::plain);
    if (!(value instanceof Record)) return false;
    for (Method accessor : TYPED_ACCESSORS.get(value.getClass())) {
      try {
        if (!plain(accessor.invoke(value))) return false;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a manifest record's accessor is public", e);
      }
    }
    return true;
  }

  /** The components of a manifest's records that declare no type for their values: YAML decides them. */
  static final Set<String> UNTYPED = Set.of(Manifest.class.getName() + ".features", Column.class.getName() + ".defaultValue");

  /** The accessors of each record's components that have a declared type. */
  private static final ClassValue<List<Method>> TYPED_ACCESSORS = new ClassValue<>() {
    @Override
    protected List<Method> computeValue(Class<?> type) {
      List<Method> out = new ArrayList<>();
      for (RecordComponent c : type.getRecordComponents()) {
        if (!UNTYPED.contains(type.getName() + "." + c.getName())) out.add(c.getAccessor());
      }
      return List.copyOf(out);
    }
  };

  private static boolean plainString(String s) {
    return !NOT_PLAIN.contains(s.toLowerCase(Locale.ROOT)) && !NUMBER_LIKE.matcher(s).matches();
  }

  /** {@code value} as YAML reads it where no type is declared; empty when that is not certain. */
  private static Optional<Object> untyped(Object value) {
    if (value instanceof Boolean || value instanceof Integer) return Optional.of(value);
    // Written with Java's own digits, which YAML reads back as the same double.
    if (value instanceof Double d) return Double.isFinite(d) ? Optional.of(value) : Optional.empty();
    if (value instanceof Long || value instanceof Short || value instanceof Byte) {
      long n = ((Number) value).longValue();
      return Optional.of(n == (int) n ? (Object) (int) n : (Object) n);
    }
    if (value instanceof String s) {
      return plainString(s) ? Optional.of(s) : Optional.empty();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        Optional<Object> read = item == null ? Optional.empty() : untyped(item);
        if (read.isEmpty()) return Optional.empty();
        out.add(read.get());
      }
      return Optional.of(out);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) return Optional.empty();
        // Settings stored from a record keep its null fields, and the text writes them as null.
        Optional<Object> read = e.getValue() == null ? Optional.of(NULL) : untyped(e.getValue());
        if (read.isEmpty()) return Optional.empty();
        out.put(key, read.get() == NULL ? null : read.get());
      }
      return Optional.of(out);
    }
    return Optional.empty();
  }
}
