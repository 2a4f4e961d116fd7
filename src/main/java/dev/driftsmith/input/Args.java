package dev.driftsmith.input;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Typed, validating access to tool arguments. Every error names the full path of the field
 * ({@code columns[2].type}), the value received and what would be accepted. Every string is
 * bounded ({@link TextSize#LABEL} unless the reader says otherwise), and {@link #checkValues()}
 * holds the whole call to {@link ValueRules} before a tool sees it.
 */
public final class Args {
  public static final ObjectMapper JSON = JsonMapper.builder().build();

  private final JsonNode node;
  private final String path;

  private Args(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  public static Args of(Map<String, Object> arguments) {
    return new Args(arguments == null ? JsonNodeFactory.instance.objectNode()
        : JSON.valueToTree(arguments), "");
  }

  /**
   * A value stored in the manifest (a record, or the maps and lists of a feature configuration),
   * read with the same checks as a tool argument; messages name it by {@code path}, e.g.
   * {@code schema.tables[2].columns[0]}.
   */
  public static Args at(String path, Object value) {
    return new Args(value == null ? JsonNodeFactory.instance.objectNode() : JSON.valueToTree(value), path);
  }

  public static Args parse(String json) throws ToolException {
    try {
      JsonNode node = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
      if (!node.isObject()) throw new ToolException("arguments", "must be a JSON object, got " + node.getNodeType());
      return new Args(node, "");
    } catch (tools.jackson.core.JacksonException e) {
      throw new ToolException("arguments", "malformed JSON (" + e.getOriginalMessage()
          + "); send a JSON object such as {\"projectId\": \"notes\"}");
    }
  }

  public JsonNode node() {
    return node;
  }

  public String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Rejects keys the tool does not know, naming the accepted ones (catches typos such as "colums"). */
  public Args only(Set<String> allowed) throws ToolException {
    Iterator<String> names = node.propertyNames().iterator();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw new ToolException(field(key), "unknown field; accepted fields are " + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  public boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /**
   * Refuses a call whose values no file should carry: control characters (NUL among them) or
   * unpaired surrogates in any string or key, non-finite numbers, more than {@link ValueRules#MAX_ITEMS}
   * items in a list or object, or more than {@link ValueRules#MAX_CALL_TEXT} characters of text in all.
   */
  public void checkValues() throws ToolException {
    TextTally tally = new TextTally();
    checkValues(node, path, tally);
    if (tally.total > ValueRules.MAX_CALL_TEXT) {
      // Named by the longest text, which is what to shorten; each field's own bound is lower still.
      throw new ToolException(tally.longestField, "is " + TextSize.count(tally.longest) + " characters long, and one call "
          + "may carry at most " + TextSize.count(ValueRules.MAX_CALL_TEXT) + " characters of text in all; shorten it ("
          + TextSize.summary() + ")");
    }
  }

  /** How much text a call holds, and where most of it is. */
  private static final class TextTally {
    long total;
    int longest = -1;
    String longestField = "arguments";

    void add(String field, int length) {
      total += length;
      if (length > longest) {
        longest = length;
        longestField = field;
      }
    }
  }

  private static void checkValues(JsonNode v, String at, TextTally tally) throws ToolException {
    String field = at.isEmpty() ? "arguments" : at;
    if (v.isString()) {
      ValueRules.checkCharacters(field, v.asString());
      tally.add(field, v.asString().length());
    } else if (v.isFloatingPointNumber()) {
      ValueRules.checkFinite(field, v.asDouble());
    } else if (v.isArray()) {
      ValueRules.checkCount(field, v.size(), ValueRules.MAX_ITEMS, "items");
      for (int i = 0; i < v.size(); i++) checkValues(v.get(i), field + "[" + i + "]", tally);
    } else if (v.isObject()) {
      ValueRules.checkCount(field, v.size(), ValueRules.MAX_ITEMS, "entries");
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        ValueRules.checkKey(field, e.getKey());
        tally.add(field, e.getKey().length());
        checkValues(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey(), tally);
      }
    }
  }

  public String string(String name) throws ToolException {
    return string(name, TextSize.LABEL);
  }

  public String string(String name, TextSize size) throws ToolException {
    return optString(name, size).orElseThrow(() -> new ToolException(field(name), "is required (a string)"));
  }

  public Optional<String> optString(String name) throws ToolException {
    return optString(name, TextSize.LABEL);
  }

  public Optional<String> optString(String name, TextSize size) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isString()) throw new ToolException(field(name), "must be a string, got " + v);
    size.check(field(name), v.asString());
    return Optional.of(v.asString());
  }

  public boolean bool(String name, boolean fallback) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return fallback;
    if (!v.isBoolean()) throw new ToolException(field(name), "must be true or false, got " + v);
    return v.booleanValue();
  }

  public Optional<Integer> optInt(String name, int min, int max) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    // Compared as BigInteger: a number beyond a long must not wrap around into the range.
    if (!v.isIntegralNumber() || v.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
        || v.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
      throw new ToolException(field(name), "must be a whole number from " + min + " to " + max + ", got " + v);
    }
    return Optional.of(v.intValue());
  }

  public Optional<Double> optNumber(String name, double min, double max) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    // NaN compares false with everything: checked first, or it would pass the range test.
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
      throw new ToolException(field(name), "must be a number from " + min + " to " + max + ", got " + v);
    }
    return Optional.of(v.asDouble());
  }

  /** An object whose values are each one of {@code allowed}, e.g. {"notes": "manual"}; keys keep their order. */
  public Map<String, String> enumMap(String name, List<String> allowed) throws ToolException {
    JsonNode v = node.get(name);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (v == null || v.isNull()) return out;
    if (!v.isObject()) throw new ToolException(field(name), "must be an object such as {\"key\": \"" + allowed.get(0) + "\"}, got " + v);
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      TextSize.LABEL.checkKey(field(name), e.getKey());
      JsonNode value = e.getValue();
      if (!value.isString() || !allowed.contains(value.asString())) {
        throw new ToolException(field(name) + "." + e.getKey(), value + " is not accepted; use one of " + allowed);
      }
      out.put(e.getKey(), value.asString());
    }
    return out;
  }

  public String enumValue(String name, List<String> allowed, String fallback) throws ToolException {
    Optional<String> v = optString(name);
    if (v.isEmpty()) {
      if (fallback == null) throw new ToolException(field(name), "is required; one of " + allowed);
      return fallback;
    }
    if (!allowed.contains(v.get())) {
      throw new ToolException(field(name), "'" + v.get() + "' is not accepted; use one of " + allowed);
    }
    return v.get();
  }

  public Optional<Args> optObject(String name) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isObject()) throw new ToolException(field(name), "must be an object, got " + v);
    return Optional.of(new Args(v, field(name)));
  }

  public List<Args> objects(String name, boolean required) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) throw new ToolException(field(name), "is required (a list of objects)");
      return List.of();
    }
    if (!v.isArray()) throw new ToolException(field(name), "must be a list of objects, got " + v);
    List<Args> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemPath = field(name) + "[" + i + "]";
      if (!item.isObject()) throw new ToolException(itemPath, "must be an object, got " + item);
      out.add(new Args(item, itemPath));
    }
    return out;
  }

  public List<String> strings(String name, boolean required) throws ToolException {
    return strings(name, required, TextSize.LABEL);
  }

  public List<String> strings(String name, boolean required, TextSize size) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) throw new ToolException(field(name), "is required (a list of strings)");
      return List.of();
    }
    if (!v.isArray()) throw new ToolException(field(name), "must be a list of strings, got " + v);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isString()) {
        throw new ToolException(field(name) + "[" + i + "]", "must be a string, got " + v.get(i));
      }
      size.check(field(name) + "[" + i + "]", v.get(i).asString());
      out.add(v.get(i).asString());
    }
    return out;
  }

  /**
   * A scalar as a plain Java value (String, Boolean, Double, and Long, or BigInteger beyond a
   * long, so a huge number is never silently wrapped), or empty.
   */
  public Optional<Object> scalar(String name) throws ToolException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    if (v.isString()) return Optional.of(v.asString());
    if (v.isBoolean()) return Optional.of(v.booleanValue());
    if (v.isIntegralNumber()) return Optional.of(v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue());
    if (v.isNumber()) return Optional.of(v.asDouble());
    throw new ToolException(field(name), "must be a string, number or boolean, got " + v);
  }
}
