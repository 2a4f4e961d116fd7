package dev.driftsmith.feature.repository;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** drift_generate_repository: a repository interface, its drift implementation and an in-memory one for tests. */
final class GenerateRepositoryTool extends NamedManifestTool {
  static final int MAX_TTL_SECONDS = 86_400;
  /** Key types the in-memory map and the ordering by key can handle exactly as SQLite does. */
  static final List<String> KEY_TYPES = List.of("integer", "text", "real", "dateTime");

  GenerateRepositoryTool() {
    super("drift_generate_repository",
        "Generate a repository for one table: an abstract interface with only the requested operations, a drift "
            + "implementation over the table's DAO (the DAO is generated too when missing), optionally with a TTL read "
            + "cache that the repository's own writes and drift's table-update stream invalidate, and a plain-Dart "
            + "in-memory implementation for widget tests. Calling it again for a table replaces its configuration.");
  }

  @Override
  protected void declare(JsonSchemas s) {
    Map<String, Object> operations = new LinkedHashMap<>();
    operations.put("type", "array");
    operations.put("items", JsonSchemas.enumOf("create: insert a companion, returns the key; read: getById + watchById; "
        + "update: write a companion's present fields to one row; delete: by key (soft delete on soft-delete tables); "
        + "list: every row by key + watchAll", RepositoryConfig.OPERATIONS));
    operations.put("minItems", 1);
    operations.put("uniqueItems", true);
    operations.put("description", "The operations the interface declares, each at most once");
    s.required("tableName", JsonSchemas.string("Table (snake_case) with a single-column primary key"))
        .required("operations", operations)
        .required("includeCache", JsonSchemas.bool("Cache getById/list results in the drift implementation (streams are never cached)"))
        .optional("cacheTTL", JsonSchemas.integer("Seconds a cached read stays valid, 1–" + MAX_TTL_SECONDS
            + " (default " + RepositoryConfig.DEFAULT_TTL_SECONDS + "); only with includeCache: true"));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    String tableField = args.field("tableName");
    Table table = Tables.require(m, tableField, args.string("tableName"));
    checkKey(table, tableField);
    checkNames(m, table, tableField);
    List<String> operations = operations(args);
    boolean cache = includeCache(args);
    Integer ttl = cacheTtl(args, cache);
    boolean hasDao = DaoConfig.all(m).stream().anyMatch(d -> d.table().equals(table.name()));
    Manifest updated = m;
    if (!hasDao) {
      updated = DaoConfig.put(updated, new DaoConfig(table.name(), List.of()));
      notes.add("Table '" + table.name() + "' had no DAO: lib/data/daos/" + table.name() + "_dao.dart is generated too "
          + "(drift_generate_dao adds custom queries to it).");
    }
    if (cache && !operations.contains("read") && !operations.contains("list")) {
      notes.add("includeCache: without read or list there is nothing to cache, so the drift implementation has no cache.");
    }
    if (table.softDelete() && operations.contains("delete")) {
      notes.add("'" + table.name() + "' uses soft delete: delete() sets deletedAt, and deleted rows are invisible to the repository.");
    }
    return RepositoryConfig.put(updated, new RepositoryConfig(table.name(), operations, cache, ttl));
  }

  static boolean includeCache(Args args) throws ToolException {
    if (!args.has("includeCache")) throw new ToolException(args.field("includeCache"), "is required (true or false)");
    return args.bool("includeCache", false);
  }

  static Integer cacheTtl(Args args, boolean cache) throws ToolException {
    Integer ttl = args.optInt("cacheTTL", 1, MAX_TTL_SECONDS).orElse(null);
    if (ttl != null && !cache) {
      throw new ToolException(args.field("cacheTTL"), "applies only to the cache; set includeCache: true, or leave cacheTTL out");
    }
    return ttl;
  }

  /**
   * A repository as the manifest stores it ({@code entry} holds table, operations, includeCache and
   * cacheTTL), read with this tool's rules; its DAO must be there too, as the tool made it.
   */
  static Table checkRecorded(Manifest m, Args entry) throws ToolException {
    String field = entry.field("table");
    Table table = Tables.require(m, field, entry.string("table"));
    checkKey(table, field);
    checkNames(m, table, field);
    operations(entry);
    cacheTtl(entry, includeCache(entry));
    if (DaoConfig.all(m).stream().noneMatch(d -> d.table().equals(table.name()))) {
      throw new ToolException(field, "table '" + table.name() + "' has no DAO, which the repository is built on; add {table: "
          + table.name() + "} to features.daos");
    }
    return table;
  }

  static void checkKey(Table table, String field) throws ToolException {
    List<Column> key = table.primaryKey();
    if (key.size() != 1) {
      throw new ToolException(field, "table '" + table.name() + "' has a composite primary key ("
          + key.stream().map(Column::name).collect(Collectors.joining(", "))
          + "); a repository addresses rows by one key column, so use its DAO instead");
    }
    Column pk = key.get(0);
    if (!KEY_TYPES.contains(pk.type())) {
      throw new ToolException(field, "table '" + table.name() + "' has a " + pk.type() + " primary key ('" + pk.name()
          + "'); a repository needs an integer, text, real or dateTime key");
    }
  }

  /** The generated class names must not be taken by another table's drift classes. */
  static void checkNames(Manifest m, Table table, String field) throws ToolException {
    Set<String> ours = Set.of(RepositoryFeature.interfaceName(table), RepositoryFeature.driftName(table),
        RepositoryFeature.memoryName(table));
    for (Table other : m.schema().tables()) {
      for (String taken : List.of(other.className(), other.dataClassName(), other.companionName())) {
        if (ours.contains(taken)) {
          throw new ToolException(field, "the repository class " + taken + " would clash with the drift class of table '"
              + other.name() + "'");
        }
      }
    }
  }

  static List<String> operations(Args args) throws ToolException {
    String field = args.field("operations");
    List<String> given = args.strings("operations", true);
    if (given.isEmpty()) {
      throw new ToolException(field, "must list at least one operation, from " + RepositoryConfig.OPERATIONS);
    }
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String op = given.get(i);
      if (!RepositoryConfig.OPERATIONS.contains(op)) {
        throw new ToolException(field + "[" + i + "]", "'" + op + "' is not accepted; use one of " + RepositoryConfig.OPERATIONS);
      }
      if (!seen.add(op)) {
        throw new ToolException(field + "[" + i + "]", "'" + op + "' is listed twice; list each operation once");
      }
      out.add(op);
    }
    return out;
  }
}
