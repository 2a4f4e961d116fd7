package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Column;
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
import java.util.function.Function;
import java.util.function.ToIntFunction;
import tools.jackson.databind.JsonNode;

/**
 * One tool parameter, declared once. The same declaration yields the parameter's JSON Schema
 * fragment (type, enum, bounds, default, description), its typed reader, whose messages start
 * with the field path and say what would be accepted, and its line in the README's tool reference.
 * Instances are immutable: every modifier returns a new parameter, so shared kinds can be refined
 * per tool.
 */
public final class Param<T> {
  /** Reads a value that is present and not null; {@code earlier} holds the parameters declared before it. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Args args, String name, Values earlier) throws ToolException;
  }

  /** A check on a read value; throws with a message that starts with {@code field}. */
  @FunctionalInterface
  public interface Rule<T> {
    void check(T value, String field, Values earlier) throws ToolException;
  }

  /** Turns a read value into another type; may refuse with a message that starts with {@code field}. */
  @FunctionalInterface
  public interface Conversion<T, U> {
    U convert(T value, String field, Values earlier) throws ToolException;
  }

  private final String name;
  private final Map<String, Object> keywords;
  private final String description;
  private final String expected;
  private final boolean required;
  private final T fallback;
  private final Reader<T> reader;
  private final List<Rule<T>> rules;
  private final Params fields;

  private Param(String name, Map<String, Object> keywords, String description, String expected, boolean required,
                T fallback, Reader<T> reader, List<Rule<T>> rules, Params fields) {
    this.name = name;
    this.keywords = keywords;
    this.description = description;
    this.expected = expected;
    this.required = required;
    this.fallback = fallback;
    this.reader = reader;
    this.rules = rules;
    this.fields = fields;
  }

  private static <T> Param<T> of(String name, Map<String, Object> keywords, String expected, Reader<T> reader) {
    return new Param<>(name, keywords, null, expected, false, null, reader, List.of(), null);
  }

  private Param<T> with(Map<String, Object> newKeywords, String newDescription, boolean newRequired, T newFallback,
                        List<Rule<T>> newRules) {
    return new Param<>(name, newKeywords, newDescription, expected, newRequired, newFallback, reader, newRules, fields);
  }

  // ---- kinds ----

  /** A one-line text: a name, an id, a title ({@link TextSize#LABEL}). */
  public static Param<String> string(String name) {
    return text(name, TextSize.LABEL);
  }

  /** A text of at most {@code size} characters; sizes above a label's are declared as {@code maxLength}. */
  public static Param<String> text(String name, TextSize size) {
    Map<String, Object> keywords = size == TextSize.LABEL ? Map.of("type", "string")
        : Map.of("type", "string", "maxLength", size.max());
    return of(name, keywords, "a string", (args, n, v) -> args.string(n, size));
  }

  public static Param<Boolean> bool(String name) {
    return of(name, Map.of("type", "boolean"), "true or false", (args, n, v) -> args.bool(n, false));
  }

  public static Param<Integer> integer(String name, int min, int max) {
    return of(name, Map.of("type", "integer", "minimum", min, "maximum", max),
        "a whole number from " + min + " to " + max, (args, n, v) -> args.optInt(n, min, max).orElseThrow());
  }

  public static Param<Long> integer(String name, long min, long max) {
    return of(name, Map.of("type", "integer", "minimum", min, "maximum", max),
        "a whole number from " + min + " to " + max, (args, n, v) -> {
          JsonNode node = args.node().get(n);
          if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new ToolException(args.field(n), "must be a whole number from " + min + " to " + max + ", got " + node);
          }
          return node.asLong();
        });
  }

  public static Param<Double> number(String name, double min, double max) {
    return of(name, Map.of("type", "number", "minimum", min, "maximum", max),
        "a number from " + plain(min) + " to " + plain(max), (args, n, v) -> args.optNumber(n, min, max).orElseThrow());
  }

  /** One of an enum's wire values, e.g. {@code "serverWins"}. */
  public static <E extends Enum<E> & Wire> Param<E> choice(String name, Class<E> type) {
    List<String> values = Wire.values(type);
    return of(name, Map.of("type", "string", "enum", values), "one of " + values,
        (args, n, v) -> Wire.parse(type, args.string(n), args.field(n)));
  }

  public static Param<List<String>> strings(String name) {
    return texts(name, TextSize.LABEL);
  }

  /** A list of texts of at most {@code size} characters each. */
  public static Param<List<String>> texts(String name, TextSize size) {
    Map<String, Object> item = size == TextSize.LABEL ? Map.of("type", "string") : ordered("type", "string", "maxLength", size.max());
    return of(name, Map.of("type", "array", "items", item), "a list of strings", (args, n, v) -> args.strings(n, true, size));
  }

  /** A list of an enum's wire values. */
  public static <E extends Enum<E> & Wire> Param<List<E>> choices(String name, Class<E> type) {
    List<String> values = Wire.values(type);
    return of(name, Map.of("type", "array", "items", ordered("type", "string", "enum", values)),
        "a list of " + values, (args, n, v) -> {
          List<String> raw = args.strings(n, true);
          List<E> out = new ArrayList<>();
          for (int i = 0; i < raw.size(); i++) out.add(Wire.parse(type, raw.get(i), args.field(n) + "[" + i + "]"));
          return out;
        });
  }

  /** The name of a table of the project, read as that table. */
  public static Param<Table> table(String name) {
    return of(name, Map.of("type", "string"), "a table name",
        (args, n, v) -> Tables.require(v.manifest(), args.field(n), args.string(n)));
  }

  /** Names of tables of the project, read as those tables, in the order given. */
  public static Param<List<Table>> tables(String name) {
    return of(name, Map.of("type", "array", "items", Map.of("type", "string")), "a list of table names",
        (args, n, v) -> {
          List<String> raw = args.strings(n, true);
          List<Table> out = new ArrayList<>();
          for (int i = 0; i < raw.size(); i++) out.add(Tables.require(v.manifest(), args.field(n) + "[" + i + "]", raw.get(i)));
          return out;
        });
  }

  /** The name of a column of the table that {@code table}, declared before it, named; read as that column. */
  public static Param<Column> column(String name, Param<Table> table) {
    return of(name, Map.of("type", "string"), "a column name", (args, n, v) -> {
      Table t = v.get(table);
      if (t == null) throw new ToolException(args.field(n), "needs " + v.field(table) + " to name its table");
      return Tables.requireColumn(t, args.field(n), args.string(n));
    });
  }

  /** A nested object with its own declared parameters. */
  public static <T> Param<T> object(String name, Params fields, Params.Builder<T> build) {
    return new Param<>(name, fields.schema(), null, "an object", false, null, (args, n, v) -> {
      Args nested = args.optObject(n).orElseThrow();
      return build.build(fields.read(nested, v.manifest()));
    }, List.of(), fields);
  }

  /** A list of nested objects, each with the declared parameters. */
  public static <T> Param<List<T>> list(String name, Params fields, Params.Builder<T> build) {
    return new Param<>(name, Map.of("type", "array", "items", fields.schema()), null, "a list of objects", false, null,
        (args, n, v) -> {
          List<T> out = new ArrayList<>();
          for (Args item : args.objects(n, true)) out.add(build.build(fields.read(item, v.manifest())));
          return out;
        }, List.of(), fields);
  }

  /** An object from keys to an enum's wire values, e.g. {@code {"notes": "manual"}}; keys keep their order. */
  public static <E extends Enum<E> & Wire> Param<Map<String, E>> choiceMap(String name, Class<E> type) {
    return choiceMap(name, type, Wire::wire);
  }

  /**
   * As {@link #choiceMap(String, Class)}, for values a caller spells otherwise than the manifest
   * stores them ({@code "HIGH"} in a call, {@code high} in driftsmith.yaml).
   */
  public static <E extends Enum<E> & Wire> Param<Map<String, E>> choiceMap(String name, Class<E> type, Function<E, String> spelling) {
    List<String> values = Arrays.stream(type.getEnumConstants()).map(spelling).toList();
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("additionalProperties", ordered("type", "string", "enum", values));
    return of(name, schema, "an object whose values are " + values, (args, n, v) -> {
      Map<String, E> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : args.enumMap(n, values).entrySet()) {
        out.put(e.getKey(), Arrays.stream(type.getEnumConstants()).filter(c -> spelling.apply(c).equals(e.getValue()))
            .findFirst().orElseThrow());
      }
      return out;
    });
  }

  /** Any scalar (string, number or boolean), e.g. a column default whose type depends on the column. */
  public static Param<Object> scalar(String name) {
    return of(name, Map.of("type", List.of("string", "number", "boolean")), "a string, number or boolean",
        (args, n, v) -> args.scalar(n).orElseThrow());
  }

  /**
   * A whole number from {@code min} to {@code max}, or one of {@code names}, each standing for its
   * number ({@code "medium"} for zlib level 6); {@code noun} names the kind in messages ("level").
   */
  public static <E extends Enum<E> & Wire> Param<NumberOrName<E>> numberOrName(String name, int min, int max,
      Class<E> names, ToIntFunction<E> number, String noun) {
    List<String> labels = Wire.values(names);
    String range = "a whole number from " + min + " to " + max;
    Map<String, Object> schema = Map.of("oneOf", List.of(ordered("type", "integer", "minimum", min, "maximum", max),
        ordered("type", "string", "enum", labels)));
    return of(name, schema, range + " or one of " + labels, (args, n, v) -> {
      JsonNode node = args.node().get(n);
      if (node.isString()) {
        E named = Wire.find(names, node.asString()).orElseThrow(() -> new ToolException(args.field(n),
            "'" + node.asString() + "' is not a " + noun + " name; use one of " + labels + " or " + range));
        return new NumberOrName<>(number.applyAsInt(named), named);
      }
      if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
        throw new ToolException(args.field(n), "must be " + range + " or one of " + labels + ", got " + node);
      }
      return new NumberOrName<>(node.asInt(), null);
    });
  }

  // ---- modifiers ----

  public Param<T> describe(String text) {
    return with(keywords, text, required, fallback, rules);
  }

  public Param<T> required() {
    return with(keywords, description, true, null, rules);
  }

  /** Optional, reading as {@code value} when absent; the schema says so with {@code default}. */
  public Param<T> orDefault(T value) {
    return with(keywords, description, false, value, rules);
  }

  public Param<T> check(Rule<T> rule) {
    List<Rule<T>> more = new ArrayList<>(rules);
    more.add(rule);
    return with(keywords, description, required, fallback, List.copyOf(more));
  }

  /**
   * This parameter read as another type ({@code String} → {@code Path}): the checks so far run
   * first, then {@code conversion}. Declare required-ness and the default afterwards.
   */
  public <U> Param<U> as(Conversion<T, U> conversion) {
    Reader<T> base = reader;
    List<Rule<T>> checks = rules;
    Reader<U> converted = (args, n, v) -> {
      T value = base.read(args, n, v);
      for (Rule<T> rule : checks) rule.check(value, args.field(n), v);
      return conversion.convert(value, args.field(n), v);
    };
    return new Param<>(name, keywords, description, expected, required, null, converted, List.of(), fields);
  }

  /** A string matching {@code regex} (whole value); {@code example} shows an accepted one. */
  public Param<T> pattern(String regex, String example) {
    return pattern(regex, value -> "'" + value + "' does not have the accepted form; e.g. " + example);
  }

  /** A string matching {@code regex} (whole value), refused with {@code message} of the value. */
  public Param<T> pattern(String regex, Function<Object, String> message) {
    java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(regex);
    return withKeyword("pattern", "^" + regex + "$").check((value, field, v) -> {
      if (!compiled.matcher(String.valueOf(value)).matches()) throw new ToolException(field, message.apply(value));
    });
  }

  /** A list with at least one item; {@code hint} says what to list ("name at least one table"). */
  public Param<T> nonEmpty(String hint) {
    return withKeyword("minItems", 1).check((value, field, v) -> {
      if (((List<?>) value).isEmpty()) throw new ToolException(field, hint);
    });
  }

  /** A list with at least one item. */
  public Param<T> nonEmpty() {
    return nonEmpty("needs at least one item");
  }

  /** A list in which no item appears twice (items compare by equality; tables by name). */
  public Param<T> distinct() {
    return withKeyword("uniqueItems", true).check((value, field, v) -> {
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
    return with(Map.copyOf(more), description, required, fallback, rules);
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

  /** The fields of a nested object, or of each object of a list; empty for other kinds. */
  public Optional<Params> fields() {
    return Optional.ofNullable(fields);
  }

  /** The JSON Schema of this parameter, in a stable key order. */
  public Map<String, Object> schema() {
    Map<String, Object> out = new LinkedHashMap<>(sorted(keywords));
    if (fallback != null) out.put("default", schemaValue(fallback));
    if (description != null) out.put("description", description);
    return out;
  }

  /** The default as the schema and the README spell it: a wire name, a number. */
  public static Object schemaValue(Object value) {
    if (value instanceof Wire w) return w.wire();
    if (value instanceof NumberOrName<?> n) return n.number();
    return value;
  }

  /** The value: read and checked when present, the default when absent, an error when required. */
  public T read(Args args, Manifest manifest) throws ToolException {
    return read(args, Values.start(args, manifest));
  }

  T read(Args args, Values earlier) throws ToolException {
    if (!args.has(name)) {
      if (required) throw new ToolException(args.field(name), "is required: " + expected);
      return fallback;
    }
    T value = reader.read(args, name, earlier);
    for (Rule<T> rule : rules) rule.check(value, args.field(name), earlier);
    return value;
  }

  private static final List<String> KEY_ORDER = Arrays.asList(
      "type", "enum", "oneOf", "pattern", "maxLength", "minimum", "maximum", "minItems", "uniqueItems", "items",
      "properties", "required", "additionalProperties");

  private static Map<String, Object> sorted(Map<String, Object> keywords) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : KEY_ORDER) if (keywords.containsKey(key)) out.put(key, keywords.get(key));
    keywords.forEach(out::putIfAbsent);
    return out;
  }

  /** A schema fragment whose keys keep the order given ({@code Map.of} has none, and the bytes sent must not vary). */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return out;
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
