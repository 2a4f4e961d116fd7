package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A schema object a feature adds beside the tables: a virtual table, a trigger, an index or a view.
 * {@code sql} is its exact DDL (fresh installs run it after the tables); {@code table} names the
 * table a trigger or index belongs to, so a rebuild of that table recreates it; {@code driftFile}
 * is the {@code .drift} file (relative to {@code lib/data/}) that declares it to drift.
 */
public record SchemaObject(String feature, String name, String type, @JsonInclude(JsonInclude.Include.NON_NULL) String table,
                           String driftFile, String sql) {
  public boolean belongsTo(String tableName) {
    return tableName.equals(table) && ("trigger".equals(type) || "index".equals(type));
  }
}
