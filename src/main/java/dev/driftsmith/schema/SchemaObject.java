package dev.driftsmith.schema;

import java.util.List;

/**
 * Something in the database beside the user's tables, computed from the manifest by a
 * {@link SchemaContributor}: an index, a trigger, a virtual table, a view, or a table a feature owns
 * (the sync outbox). {@code sql} is its exact DDL. {@code table} is the table it belongs to (null
 * for a feature's own objects), so changes to that table recreate it; {@code driftFile} is the
 * {@code .drift} file (relative to {@code lib/data/}) that declares it to drift, or null when the
 * Dart table classes declare it (indexes).
 *
 * <p>{@code fill} runs after the object is created by an upgrade step and did not exist before
 * (queue the rows a table already holds, fill a search index); with {@code refill} it runs again
 * whenever the object is created anew (a search index recreated for other columns starts empty).
 */
public record SchemaObject(String name, Kind kind, String table, String sql, String driftFile,
                           List<String> fill, boolean refill) {
  /** What the object is; creation order follows it (a trigger may read a virtual table). */
  public enum Kind { TABLE, VIRTUAL_TABLE, INDEX, TRIGGER, VIEW }

  public SchemaObject {
    fill = fill == null ? List.of() : List.copyOf(fill);
  }

  public static SchemaObject trigger(String name, String table, String sql, String driftFile) {
    return new SchemaObject(name, Kind.TRIGGER, table, sql, driftFile, List.of(), false);
  }

  public static SchemaObject index(String name, String table, String sql, String driftFile) {
    return new SchemaObject(name, Kind.INDEX, table, sql, driftFile, List.of(), false);
  }

  /** A table a feature owns, created once with the feature. */
  public static SchemaObject table(String name, String sql, String driftFile) {
    return new SchemaObject(name, Kind.TABLE, null, sql, driftFile, List.of(), false);
  }

  public SchemaObject withFill(List<String> statements, boolean again) {
    return new SchemaObject(name, kind, table, sql, driftFile, statements, again);
  }

  public SchemaObject declaredIn(String file) {
    return new SchemaObject(name, kind, table, sql, file, fill, refill);
  }

  /** The statement that removes it. */
  public String drop() {
    // Bare like the DDL that made it, quoted only when SQLite needs it (a name a hand-written step chose).
    String sqlName = name.matches("[A-Za-z_][A-Za-z0-9_]*") && SqlNames.usableUnquoted(name) ? name : SqlSchema.quote(name);
    return switch (kind) {
      case TABLE, VIRTUAL_TABLE -> "DROP TABLE IF EXISTS " + sqlName;
      case INDEX -> "DROP INDEX IF EXISTS " + sqlName;
      case TRIGGER -> "DROP TRIGGER IF EXISTS " + sqlName;
      case VIEW -> "DROP VIEW IF EXISTS " + sqlName;
    };
  }

  /** Objects compare by what the database holds: the same name and the same DDL. */
  public boolean sameAs(SchemaObject other) {
    return other != null && name.equals(other.name) && kind == other.kind && sql.equals(other.sql);
  }
}
