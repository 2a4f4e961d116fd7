package dev.driftsmith.schema;

import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The database a manifest describes, as an installed app has it at the newest version: the tables
 * with every column (declared, implied by options, added by features), every other object, and the
 * statements of the project's own hand-written steps.
 */
public record DatabaseSchema(List<Table> tables, List<SchemaObject> objects, List<String> openStatements,
                             List<SchemaStep> history) {
  public DatabaseSchema {
    tables = List.copyOf(tables);
    objects = List.copyOf(objects);
    openStatements = List.copyOf(openStatements);
    history = List.copyOf(history);
  }

  /** This database reached through {@code steps}. */
  public DatabaseSchema withHistory(List<SchemaStep> steps) {
    return new DatabaseSchema(tables, objects, openStatements, steps);
  }

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The table as the database has it; the name must be one of the manifest's tables. */
  public Table require(String name) {
    return table(name).orElseThrow(() -> new IllegalArgumentException("no table " + name));
  }

  public List<SchemaObject> objectsOn(String table) {
    return objects.stream().filter(o -> table.equals(o.table())).toList();
  }

  /** The objects features own, not tied to a table (the sync outbox). */
  public List<SchemaObject> systemObjects() {
    return objects.stream().filter(o -> o.table() == null).toList();
  }

  /** The {@code .drift} files that declare objects to drift, in first-use order. */
  public List<String> driftFiles() {
    LinkedHashSet<String> files = new LinkedHashSet<>();
    for (SchemaObject o : objects) if (o.driftFile() != null) files.add(o.driftFile());
    return List.copyOf(files);
  }

  public Optional<SchemaObject> object(String name) {
    return objects.stream().filter(o -> o.name().equals(name)).findFirst();
  }
}
