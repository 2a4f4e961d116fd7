package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A column. {@code name} is the Dart getter (lowerCamelCase); its SQL name is the snake_case form,
 * always written out with {@code .named()} so drift and our DDL mirror can never disagree. Build one
 * with {@link #of} and the {@code as…}/{@code with…} methods, which say what each flag means.
 */
public record Column(String name, ColumnType type, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean nullable,
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
    return (type == ColumnType.DATE_TIME && defaultValue != null) || (type == ColumnType.TEXT && UUID.equals(defaultValue));
  }

  /** A NOT NULL column of {@code type}, without key, default or reference. */
  public static Column of(String name, ColumnType type) {
    return new Column(name, type, false, false, false, false, null, null);
  }

  /** An INTEGER PRIMARY KEY AUTOINCREMENT column, the key drift_add_table adds to a table without one. */
  public static Column autoIncrementKey(String name) {
    return of(name, ColumnType.INTEGER).asPrimaryKey().asAutoIncrement();
  }

  public static Column implicitTimestamp(String name) {
    return of(name, ColumnType.DATE_TIME).withDefault(NOW);
  }

  public String sqlName() {
    return Names.snakeCase(name);
  }

  public Column asNullable() {
    return new Column(name, type, true, primaryKey, autoIncrement, unique, defaultValue, references);
  }

  /** Part of the primary key. */
  public Column asPrimaryKey() {
    return new Column(name, type, nullable, true, autoIncrement, unique, defaultValue, references);
  }

  public Column asAutoIncrement() {
    return new Column(name, type, nullable, primaryKey, true, unique, defaultValue, references);
  }

  public Column asUnique() {
    return new Column(name, type, nullable, primaryKey, autoIncrement, true, defaultValue, references);
  }

  /** The SQL default, in its stored form (Long, Double, Boolean, String or {@link #NOW}). */
  public Column withDefault(Object value) {
    return new Column(name, type, nullable, primaryKey, autoIncrement, unique, value, references);
  }

  public Column withReferences(Reference value) {
    return new Column(name, type, nullable, primaryKey, autoIncrement, unique, defaultValue, value);
  }

  /** A foreign key; {@code onDelete} and {@code onUpdate} are null for SQLite's default (no action). */
  public record Reference(String table, String column, KeyAction onDelete, KeyAction onUpdate) {}
}
