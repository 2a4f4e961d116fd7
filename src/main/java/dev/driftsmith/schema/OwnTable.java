package dev.driftsmith.schema;

import java.util.List;

/**
 * A table a feature adds to the database (the audit log, the sync outbox, a search index), named
 * with the feature as a message names it ({@code "audit log"}): no table of the project may take its
 * name, whether the feature is enabled yet or not.
 */
public record OwnTable(String name, String feature) {
  /** The tables (virtual ones included) among {@code objects}, as {@code feature}'s. */
  public static List<OwnTable> of(List<SchemaObject> objects, String feature) {
    return objects.stream().filter(OwnTable::isTable).map(o -> new OwnTable(o.name(), feature)).toList();
  }

  static boolean isTable(SchemaObject o) {
    return o.kind() == SchemaObject.Kind.TABLE || o.kind() == SchemaObject.Kind.VIRTUAL_TABLE;
  }
}
