package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes the {@link DatabaseSchema} of a manifest from the core model and every contribution. */
public final class SchemaModel {
  private final List<SchemaContributor> contributors;

  public SchemaModel(List<? extends SchemaContributor> contributors) {
    this.contributors = List.copyOf(contributors);
  }

  /** The database {@code m} describes; remembered for the last few manifests (see {@link Memo}). */
  public DatabaseSchema of(Manifest m) {
    return computed.get(withoutHistory(m), this::compute).withHistory(m.schema().history());
  }

  /**
   * {@code m} without its schema's history and version, which no contribution reads: the database
   * only carries the history along. So a change and the same change with its step recorded (the
   * manifest a tool proves, then saves) are computed once, and a manifest is looked up without
   * hashing every statement of its history.
   */
  private static Manifest withoutHistory(Manifest m) {
    Manifest.Schema s = m.schema();
    return m.withSchema(new Manifest.Schema(1, s.tables(), s.relations(), List.of()));
  }

  /** The tables every feature adds, or would add once enabled, to {@code m}'s database. */
  public List<OwnTable> ownTables(Manifest m) {
    List<OwnTable> out = new ArrayList<>();
    for (SchemaContributor c : contributors) out.addAll(c.ownTables(m));
    return out;
  }

  /** The feature table named {@code name}, if a feature adds or would add one to {@code m}'s database. */
  public Optional<OwnTable> ownTable(Manifest m, String name) {
    return ownTables(m).stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The first of the project's tables that has the name of a table an enabled feature adds to
   * {@code m}'s database (a project made before the name was reserved, or a hand edit): SQLite
   * would skip the feature's {@code CREATE TABLE IF NOT EXISTS} and write the feature's rows into
   * the project's table.
   */
  public Optional<Collision> collision(Manifest m) {
    List<Table> tables = m.schema().tables();
    for (SchemaObject o : of(m).objects()) {
      if (!OwnTable.isTable(o)) continue;
      for (int i = 0; i < tables.size(); i++) {
        if (!tables.get(i).name().equals(o.name())) continue;
        String feature = ownTable(m, o.name()).map(OwnTable::feature).orElse("a feature's");
        return Optional.of(new Collision("schema.tables[" + i + "].name", o.name(), feature));
      }
    }
    return Optional.empty();
  }

  /** A project table at {@code field} named like the table {@code feature} adds. */
  public record Collision(String field, String table, String feature) {
    public String message() {
      return "'" + table + "' is the project's own table, and the " + feature + " feature adds a table of that name: "
          + "it cannot be enabled while the project has a table so named";
    }
  }

  /**
   * Two manifests: the one a call loaded and the one it changed it to (the next call loads that one).
   * Calls at the same time compute theirs again; at 200 tables two more schemas and validations kept
   * were 4.4 MB of live heap.
   */
  private final Memo<Manifest, DatabaseSchema> computed = new Memo<>(2);

  /** The database of {@code m}, a manifest without history ({@link #withoutHistory}). */
  private DatabaseSchema compute(Manifest m) {
    List<Table> tables = new ArrayList<>();
    for (Table declared : m.schema().tables()) {
      List<Column> added = new ArrayList<>();
      for (SchemaContributor c : contributors) added.addAll(c.columns(m, declared));
      if (added.isEmpty()) {
        tables.add(declared);
      } else {
        List<Column> all = new ArrayList<>(declared.columns());
        all.addAll(added);
        tables.add(declared.withColumns(all));
      }
    }
    List<SchemaObject> objects = new ArrayList<>();
    for (SchemaContributor c : contributors) objects.addAll(c.systemObjects(m));
    for (Table t : tables) {
      // A later contribution replaces an earlier one of the same name, in its place and in its
      // .drift file: it refines the same object (sync's guard on the updated_at trigger).
      Map<String, SchemaObject> onTable = new LinkedHashMap<>();
      for (SchemaObject index : SqlSchema.indexObjects(t)) onTable.put(index.name(), index);
      for (SchemaContributor c : contributors) {
        for (SchemaObject o : c.objectsOn(m, t)) {
          SchemaObject earlier = onTable.get(o.name());
          onTable.put(o.name(), earlier == null ? o : o.declaredIn(earlier.driftFile()));
        }
      }
      objects.addAll(onTable.values());
    }
    List<String> open = new ArrayList<>(List.of("PRAGMA foreign_keys = ON"));
    for (SchemaContributor c : contributors) open.addAll(c.openStatements(m));
    return new DatabaseSchema(tables, objects, open, m.schema().history());
  }
}
