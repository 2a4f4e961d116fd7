package dev.driftsmith.feature.schema;

import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL and Dart names a project's tables take, in table order, so that a new name is checked
 * against all of them in a few lookups. Validating a manifest checks each table against the ones
 * before it, and comparing with each of them made that grow with the square of the tables.
 */
final class TakenNames {
  private final List<Table> tables = new ArrayList<>();
  private final Map<String, Integer> names = new HashMap<>();
  private final Map<String, Integer> classes = new HashMap<>();
  private final Map<String, Integer> dataClasses = new HashMap<>();

  static TakenNames of(List<Table> tables) {
    TakenNames taken = new TakenNames();
    tables.forEach(taken::add);
    return taken;
  }

  void add(Table t) {
    int i = tables.size();
    tables.add(t);
    String cls = t.className();
    names.putIfAbsent(t.name(), i);
    classes.putIfAbsent(cls, i);
    dataClasses.putIfAbsent(Names.dataClassName(cls), i);
  }

  /** What the first table in the way of a new table {@code name} (Dart class {@code cls}) has against it. */
  record Conflict(Table table, boolean sameName) {}

  /**
   * The first table, in table order, that has the SQL name {@code name}, or a Dart class that
   * {@code cls} or its data class would clash with; for one table, the same name is what is reported.
   */
  Optional<Conflict> conflict(String name, String cls) {
    String data = Names.dataClassName(cls);
    int same = names.getOrDefault(name, Integer.MAX_VALUE);
    int clash = Math.min(dataClasses.getOrDefault(data, Integer.MAX_VALUE),
        Math.min(classes.getOrDefault(data, Integer.MAX_VALUE), dataClasses.getOrDefault(cls, Integer.MAX_VALUE)));
    int first = Math.min(same, clash);
    return first == Integer.MAX_VALUE ? Optional.empty() : Optional.of(new Conflict(tables.get(first), first == same));
  }
}
