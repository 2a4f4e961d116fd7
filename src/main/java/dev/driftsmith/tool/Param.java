package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One tool parameter, declared once. The same declaration yields the parameter's JSON Schema
 * fragment (type, enum, bounds, default, description) and its typed reader, whose messages start
 * with the field path and say what would be accepted. Instances are immutable: every modifier
 * returns a new parameter, so shared kinds can be refined per tool.
 */
public final class Param<T> {
  /** Reads a value that is present and not null. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Args args, String name, Manifest manifest) throws ToolException;
  }

  /** A check on a read value; throws with a message that starts with {@code field}. */
  @FunctionalInterface
  public interface Rule<T> {
    void check(T value, String field, Manifest manifest) throws ToolException;
  }

  private final String name;
  private final Map<String, Object> keywords;
  private final String description;
  private final String expected;
  private final boolean required;
  private final T fallback;
  private final Reader<T> reader;
  private final List<Rule<T>> rules;

  private Param(String name, Map<String, Object> keywords, String description, String expected, boolean required,
                T fallback, Reader<T> reader, List<Rule<T>> rules) {
    this.name = name;
    this.keywords = keywords;
    this.description = description;
    this.expected = expected;
    this.required = required;
    this.fallback = fallback;
    this.reader = reader;
    this.rules = rules;
  }

  private static <T> Param<T> of(String name, Map<String, Object> keywords, String expected, Reader<T> reader) {
    return new Param<>(name, keywords, null, expected, false, null, reader, List.of());
  }

  // ---- kinds ----

  public static Param<String> string(String name) {
    return of(name, Map.of("type", "string"), "a string", (args, n, m) -> args.string(n));
  }

  public static Param<Boolean> bool(String name) {
    return of(name, Map.of("type", "boolean"), "true or false", (args, n, m) -> args.bool(n, false));
  }

  public static Param<Integer> integer(String name, int min, int max) {
    return of(name, Map.of("type", "integer", "minimum", min, "maximum", max),
        "a whole number from " + min + " to " + max, (args, n, m) -> args.optInt(n, min, max).orElseThrow());
  }

  public static Param<Long> integer(String name, long min, long max) {
    return of(name, Map.of("type", "integer", "minimum", min, "maximum", max),
        "a whole number from " + min + " to " + max, (args, n, m) -> {
          JsonNode v = args.node().get(n);
          if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max || !v.canConvertToLong()) {
            throw new ToolException(args.field(n), "must be a whole number from " + min + " to " + max + ", got " + v);
          }
          return v.asLong();
        });
  }

  public static Param<Double> number(String name, double min, double max) {
    return of(name, Map.of("type", "number", "minimum", min, "maximum", max),
        "a number from " + plain(min) + " to " + plain(max), (args, n, m) -> args.optNumber(n, min, max).orElseThrow());
  }

  /** One of an enum's wire values, e.g. {@code "serverWins"}. */
  public static <E extends Enum<E> & Wire> Param<E> choice(String name, Class<E> type) {
    List<String> values = Wire.values(type);
    return of(name, Map.of("type", "string", "enum", values), "one of " + values,
        (args, n, m) -> Wire.parse(type, args.string(n), args.field(n)));
  }

  public static Param<List<String>> strings(String name) {
    return of(name, Map.of("type", "array", "items", Map.of("type", "string")), "a list of strings",
        (args, n, m) -> args.strings(n, true));
  }

  /** A list of an enum's wire values. */
  public static <E extends Enum<E> & Wire> Param<List<E>> choices(String name, Class<E> type) {
    List<String> values = Wire.values(type);
    return of(name, Map.of("type", "array", "items", Map.of("type", "string", "enum", values)),
        "a list of " + values, (args, n, m) -> {
          List<String> raw = args.strings(n, true);
          List<E> out = new ArrayList<>();
          for (int i = 0; i < raw.size(); i++) out.add(Wire.parse(type, raw.get(i), args.field(n) + "[" + i + "]"));
          return out;
        });
  }

  /** The name of a table of the project, read as that table. */
  public static Param<Table> table(String name) {
    return of(name, Map.of("type", "string"), "a table name",
        (args, n, m) -> Tables.require(m, args.field(n), args.string(n)));
  }

  /** Names of tables of the project, read as those tables, in the order given. */
  public static Param<List<Table>> tables(String name) {
    return of(name, Map.of("type", "array", "items", Map.of("type", "string")), "a list of table names",
        (args, n, m) -> {
          List<String> raw = args.strings(n, true);
          List<Table> out = new ArrayList<>();
          for (int i = 0; i < raw.size(); i++) out.add(Tables.require(m, args.field(n) + "[" + i + "]", raw.get(i)));
          return out;
        });
  }

  /** A nested object with its own declared parameters. */
  public static <T> Param<T> object(String name, Params fields, Params.Builder<T> build) {
    return of(name, fields.schema(), "an object", (args, n, m) -> {
      Args nested = args.optObject(n).orElseThrow();
      return fields.build(nested, m, build);
    });
  }

  /** A list of nested objects, each with the declared parameters. */
  public static <T> Param<List<T>> list(String name, Params fields, Params.Builder<T> build) {
    return of(name, Map.of("type", "array", "items", fields.schema()), "a list of objects", (args, n, m) -> {
      List<T> out = new ArrayList<>();
      for (Args item : args.objects(n, true)) out.add(fields.build(item, m, build));
      return out;
    });
  }

  /** An object from keys to an enum's wire values, e.g. {@code {"notes": "manual"}}; keys keep their order. */
  public static <E extends Enum<E> & Wire> Param<Map<String, E>> choiceMap(String name, Class<E> type) {
    List<String> values = Wire.values(type);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("additionalProperties", Map.of("type", "string", "enum", values));
    return of(name, schema, "an object whose values are " + values, (args, n, m) -> {
      Map<String, E> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : args.enumMap(n, values).entrySet()) {
        out.put(e.getKey(), Wire.parse(type, e.getValue(), args.field(n) + "." + e.getKey()));
      }
      return out;
    });
  }

  /** Any scalar (string, number or boolean), e.g. a column default whose type depends on the column. */
  public static Param<Object> scalar(String name) {
    return of(name, Map.of(), "a string, number or boolean", (args, n, m) -> args.scalar(n).orElseThrow());
  }

  // ---- modifiers ----

  public Param<T> describe(String text) {
    return new Param<>(name, keywords, text, expected, required, fallback, reader, rules);
  }

  public Param<T> required() {
    return new Param<>(name, keywords, description, expected, true, null, reader, rules);
  }

  /** Optional, reading as {@code value} when absent; the schema says so with {@code default}. */
  public Param<T> orDefault(T value) {
    return new Param<>(name, keywords, description, expected, false, value, reader, rules);
  }

  public Param<T> check(Rule<T> rule) {
    List<Rule<T>> more = new ArrayList<>(rules);
    more.add(rule);
    return new Param<>(name, keywords, description, expected, required, fallback, reader, List.copyOf(more));
  }

  /** A string matching {@code regex} (whole value); {@code example} shows an accepted one. */
  public Param<T> pattern(String regex, String example) {
    java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(regex);
    return withKeyword("pattern", "^" + regex + "$").check((value, field, m) -> {
      if (!compiled.matcher(String.valueOf(value)).matches()) {
        throw new ToolException(field, "'" + value + "' does not have the accepted form; e.g. " + example);
      }
    });
  }

  /** A list with at least one item. */
  public Param<T> nonEmpty() {
    return withKeyword("minItems", 1).check((value, field, m) -> {
      if (((List<?>) value).isEmpty()) throw new ToolException(field, "needs at least one item");
    });
  }

  /** A list in which no item appears twice (items compare by equality; tables by name). */
  public Param<T> distinct() {
    return withKeyword("uniqueItems", true).check((value, field, m) -> {
      Set<Object> seen = new HashSet<>();
      List<?> items = (List<?>) value;
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i) instanceof Table t ? t.name() : items.get(i);
        if (!seen.add(item)) throw new ToolException(field + "[" + i + "]", "'" + item + "' is listed twice; list it once");
      }
    });
  }

  private Param<T> withKeyword(String keyword, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(keywords);
    more.put(keyword, value);
    return new Param<>(name, Map.copyOf(more), description, expected, required, fallback, reader, rules);
  }

  // ---- use ----

  public String name() {
    return name;
  }

  public boolean isRequired() {
    return required;
  }

  public Optional<T> defaultValue() {
    return Optional.ofNullable(fallback);
  }

  public String description() {
    return description == null ? "" : description;
  }

  /** What the reader accepts, in words ("a whole number from 5 to 200"). */
  public String expected() {
    return expected;
  }

  /** The JSON Schema of this parameter, in a stable key order. */
  public Map<String, Object> schema() {
    Map<String, Object> out = new LinkedHashMap<>(sorted(keywords));
    if (fallback != null) out.put("default", fallback instanceof Wire w ? w.wire() : fallback);
    if (description != null) out.put("description", description);
    return out;
  }

  /** The value: read and checked when present, the default when absent, an error when required. */
  public T read(Args args, Manifest manifest) throws ToolException {
    if (!args.has(name)) {
      if (required) throw new ToolException(args.field(name), "is required: " + expected);
      return fallback;
    }
    T value = reader.read(args, name, manifest);
    for (Rule<T> rule : rules) rule.check(value, args.field(name), manifest);
    return value;
  }

  private static final List<String> KEY_ORDER = Arrays.asList(
      "type", "enum", "pattern", "minimum", "maximum", "minItems", "uniqueItems", "items", "properties",
      "required", "additionalProperties");

  private static Map<String, Object> sorted(Map<String, Object> keywords) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : KEY_ORDER) if (keywords.containsKey(key)) out.put(key, keywords.get(key));
    keywords.forEach(out::putIfAbsent);
    return out;
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
