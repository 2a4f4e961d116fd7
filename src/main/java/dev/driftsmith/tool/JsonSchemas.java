package dev.driftsmith.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small builder for tool input schemas, so each tool declares its contract in a few lines. */
public final class JsonSchemas {
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();

  public static JsonSchemas object() {
    return new JsonSchemas();
  }

  public JsonSchemas required(String name, Map<String, Object> schema) {
    properties.put(name, schema);
    required.add(name);
    return this;
  }

  public JsonSchemas optional(String name, Map<String, Object> schema) {
    properties.put(name, schema);
    return this;
  }

  public JsonSchemas projectId() {
    return required("projectId", string("Project id from project_create, project_open or project_list."));
  }

  public JsonSchemas dryRunAndForce() {
    optional("dryRun", bool("Return unified diffs of what would change; write nothing."));
    return optional("force", bool("Overwrite generated files that were edited by hand."));
  }

  public Map<String, Object> build() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) schema.put("required", List.copyOf(required));
    schema.put("additionalProperties", false);
    return schema;
  }

  public static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  public static Map<String, Object> pattern(String regex, String description) {
    return Map.of("type", "string", "pattern", regex, "description", description);
  }

  public static Map<String, Object> bool(String description) {
    return Map.of("type", "boolean", "description", description);
  }

  public static Map<String, Object> integer(String description) {
    return Map.of("type", "integer", "description", description);
  }

  public static Map<String, Object> enumOf(String description, List<String> values) {
    return Map.of("type", "string", "enum", values, "description", description);
  }

  public static Map<String, Object> arrayOf(Map<String, Object> items, String description) {
    return Map.of("type", "array", "items", items, "description", description);
  }

  public static Map<String, Object> nested(JsonSchemas object, String description) {
    Map<String, Object> schema = new LinkedHashMap<>(object.build());
    schema.put("description", description);
    return schema;
  }

  /** A value that matches exactly one of {@code alternatives} (e.g. a level as a number or as a name). */
  public static Map<String, Object> oneOf(String description, List<Map<String, Object>> alternatives) {
    return Map.of("oneOf", List.copyOf(alternatives), "description", description);
  }

  /** Any JSON value (e.g. a column default whose type depends on the column). */
  public static Map<String, Object> any(String description) {
    return Map.of("description", description);
  }
}
