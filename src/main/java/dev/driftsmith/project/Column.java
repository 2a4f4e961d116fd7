package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A column. {@code name} is the Dart getter (lowerCamelCase); its SQL name is the snake_case form,
 * always written out with {@code .named()} so drift and our DDL mirror can never disagree.
 */
public record Column(String name, String type, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean nullable,
                     @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean primaryKey, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean autoIncrement,
                     @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique, Object defaultValue, Reference references) {

  /** Marker default for dateTime columns: the current time, computed by SQLite. */
  public static final String NOW = "now";

  /**
   * Marker default for text columns: a random UUID, computed by SQLite on insert (the key of a table
   * created with {@code idType: uuid}, the global record id of a synced row).
   */
  public static final String UUID = "uuid()";

  /** Whether the default is computed by SQLite on every insert rather than a constant. */
  public boolean computedDefault() {
    return ("dateTime".equals(type) && defaultValue != null) || ("text".equals(type) && UUID.equals(defaultValue));
  }

  public static Column implicitTimestamp(String name) {
    return new Column(name, "dateTime", false, false, false, false, NOW, null);
  }

  public String sqlName() {
    return Names.snakeCase(name);
  }

  public Column withReferences(Reference value) {
    return new Column(name, type, nullable, primaryKey, autoIncrement, unique, defaultValue, value);
  }

  public record Reference(String table, String column, String onDelete, String onUpdate) {}
}
