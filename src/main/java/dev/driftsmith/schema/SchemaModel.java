package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes the {@link DatabaseSchema} of a manifest from the core model and every contribution. */
public final class SchemaModel {
  private final List<SchemaContributor> contributors;

  public SchemaModel(List<? extends SchemaContributor> contributors) {
    this.contributors = List.copyOf(contributors);
  }

  /** The database {@code m} describes; remembered for the last few manifests (see {@link Memo}). */
  public DatabaseSchema of(Manifest m) {
    return computed.get(m, this::compute);
  }

  /** A few manifests: the one a call loaded, the one it changed it to, and those of calls at the same time. */
  private final Memo<Manifest, DatabaseSchema> computed = new Memo<>(8);

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
