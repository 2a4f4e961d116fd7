package dev.driftsmith.feature.schema;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** drift_generate_dao: a @DriftAccessor for one table, with validated custom queries. */
final class GenerateDaoTool extends FeatureTool {
  static final About ABOUT = new About("drift_generate_dao", "Generate a DAO",
      "Generate a DAO for a table: CRUD, streams, soft-delete variants and custom SQL queries checked on SQLite.",
      Hints.GENERATES);
  static final Param<Table> TABLE = Param.table("tableName").required();
  static final Param<List<Values>> METHODS = Param.list("customMethods", CustomQueries.METHOD, v -> v);

  /** Generated methods plus what DatabaseAccessor inherits: a custom method must not shadow them. */
  static final Set<String> TAKEN = Set.of("getAll", "watchAll", "getById", "watchById", "insertOne", "upsertOne",
      "updateOne", "deleteById", "count", "restoreById", "hardDeleteById", "getDeleted", "purgeDeletedBefore",
      "select", "selectOnly", "update", "delete", "into", "batch", "transaction", "customSelect", "customStatement",
      "customUpdate", "customInsert", "customWriteReturning", "alias", "close", "db", "attachedDatabase",
      "executor", "notifyUpdates", "tableUpdates", "createStream", "exclusively", "hashCode", "toString",
      "runtimeType", "noSuchMethod");

  /** Names a custom method must not take: the DAO's own methods and the table getters it inherits. */
  static Set<String> takenNames(Manifest m) {
    Set<String> taken = new HashSet<>(TAKEN);
    m.schema().tables().forEach(t -> taken.add(t.dartGetter()));
    return taken;
  }

  GenerateDaoTool() {
    super(ABOUT, Params.of(TABLE, METHODS));
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    Table table = v.get(TABLE);
    Set<String> taken = takenNames(m);
    DatabaseSchema schema = change.schema(m);
    List<DaoConfig.CustomMethod> methods = new ArrayList<>();
    for (Values method : v.optional(METHODS).orElse(List.of())) {
      DaoConfig.CustomMethod parsed = CustomQueries.parse(m, schema, schema.require(table.name()), method, taken);
      taken.add(parsed.name());
      methods.add(parsed);
    }
    if (table.singlePrimaryKey().isEmpty()) {
      change.note("Table '" + table.name() + "' has a composite primary key: the DAO has no id-based methods.");
    }
    return DaoConfig.put(m, new DaoConfig(table.name(), methods));
  }
}
