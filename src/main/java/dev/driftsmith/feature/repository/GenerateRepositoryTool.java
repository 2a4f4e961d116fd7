package dev.driftsmith.feature.repository;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** drift_generate_repository: a repository interface, its drift implementation and an in-memory one for tests. */
final class GenerateRepositoryTool extends FeatureTool {
  static final About ABOUT = new About("drift_generate_repository", "Generate a repository",
      "A repository for one table: an interface, its drift implementation (optional TTL cache) and an in-memory one for tests.",
      Hints.GENERATES);
  static final int MAX_TTL_SECONDS = 86_400;
  /** Key types the in-memory map and the ordering by key can handle exactly as SQLite does. */
  static final Set<ColumnType> KEY_TYPES = EnumSet.of(ColumnType.INTEGER, ColumnType.TEXT, ColumnType.REAL, ColumnType.DATE_TIME);

  static final Param<Table> TABLE = table("tableName");
  static final Param<List<RepositoryOperation>> OPERATIONS = Param.choices("operations", RepositoryOperation.class).required()
      .nonEmpty("must list at least one operation, from " + Wire.values(RepositoryOperation.class)).distinct();
  static final Param<Boolean> INCLUDE_CACHE = Param.bool("includeCache").required()
      .describe("Cache getById and list");
  static final Param<Integer> CACHE_TTL = Param.integer("cacheTTL", 1, MAX_TTL_SECONDS)
      .check((ttl, field, v) -> {
        if (!v.get(INCLUDE_CACHE)) {
          throw new ToolException(field, "applies only to the cache; set includeCache: true, or leave cacheTTL out");
        }
      })
      .orDefault(RepositoryConfig.DEFAULT_TTL_SECONDS).describe("Seconds a cached read stays valid");
  /** A repository as the manifest stores it: the same rules, with the table under {@code table}. */
  static final Param<Table> STORED_TABLE = table("table");
  static final Params STORED = Params.of(STORED_TABLE, OPERATIONS, INCLUDE_CACHE, CACHE_TTL);

  GenerateRepositoryTool() {
    super(ABOUT, Params.of(TABLE, OPERATIONS, INCLUDE_CACHE, CACHE_TTL));
  }

  private static Param<Table> table(String name) {
    return Param.table(name).required().check((table, field, v) -> {
      checkKey(table, field);
      checkNames(v.manifest(), table, field);
    });
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    Table table = v.get(TABLE);
    List<RepositoryOperation> operations = v.get(OPERATIONS);
    boolean cache = v.get(INCLUDE_CACHE);
    Integer ttl = v.get(CACHE_TTL);
    boolean hasDao = DaoConfig.all(m).stream().anyMatch(d -> d.table().equals(table.name()));
    Manifest updated = m;
    if (!hasDao) {
      updated = DaoConfig.put(updated, new DaoConfig(table.name(), List.of()));
      change.note("Table '" + table.name() + "' had no DAO: lib/data/daos/" + table.name() + "_dao.dart is generated too "
          + "(drift_generate_dao adds custom queries to it).");
    }
    if (cache && !operations.contains(RepositoryOperation.READ) && !operations.contains(RepositoryOperation.LIST)) {
      change.note("includeCache: without read or list there is nothing to cache, so the drift implementation has no cache.");
    }
    if (table.softDelete() && operations.contains(RepositoryOperation.DELETE)) {
      change.note("'" + table.name() + "' uses soft delete: delete() sets deletedAt, and deleted rows are invisible to the repository.");
    }
    return RepositoryConfig.put(updated, new RepositoryConfig(table.name(), operations, cache, ttl));
  }

  /**
   * A repository as the manifest stores it ({@code entry} holds table, operations, includeCache and
   * cacheTTL), read with this tool's rules; its DAO must be there too, as the tool made it.
   */
  static Table checkRecorded(Manifest m, Args entry) throws ToolException {
    Table table = STORED.read(entry, m).get(STORED_TABLE);
    if (DaoConfig.all(m).stream().noneMatch(d -> d.table().equals(table.name()))) {
      throw new ToolException(entry.field("table"), "table '" + table.name() + "' has no DAO, which the repository is built on; add {table: "
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
}
