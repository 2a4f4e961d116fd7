package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.util.List;

/**
 * What a feature adds to the database, computed from the manifest and never stored in it. The core
 * schema loops over the contributions and knows no feature: a fresh install, every upgrade step
 * (see {@link SchemaDiff}) and the generated code come from the same computed schema, so an object
 * that depends on a table's columns is recomputed, and migrated, whenever any tool changes the table.
 */
public interface SchemaContributor {
  /** Columns the feature adds to a user table (a version counter, a dirty set), after its declared ones. */
  default List<Column> columns(Manifest manifest, Table declared) {
    return List.of();
  }

  /** The feature's own tables and their indexes (the sync outbox), in creation order. */
  default List<SchemaObject> systemObjects(Manifest manifest) {
    return List.of();
  }

  /**
   * Triggers, indexes and virtual tables on {@code table}, computed from its columns as the database
   * has them (contributed columns included). An object named like one an earlier contributor put on
   * the table replaces it, declared in the earlier one's .drift file (sync's guard on the
   * updated_at trigger).
   */
  default List<SchemaObject> objectsOn(Manifest manifest, Table table) {
    return List.of();
  }

  /**
   * Every table the feature adds to a database with {@code manifest}'s tables, or would add once
   * enabled with any settings: computed from the same builders as its objects, so the names cannot
   * drift from what it creates. A project's own table may not take one of these names (see
   * {@link SchemaModel#ownTables}); otherwise enabling the feature later would collide with it.
   */
  default List<OwnTable> ownTables(Manifest manifest) {
    return List.of();
  }

  /** Statements the app runs every time it opens the database, after migrations (a device's node id). */
  default List<String> openStatements(Manifest manifest) {
    return List.of();
  }
}
