package dev.driftsmith.feature.schema;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.ManifestTool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** drift_generate_dao: a @DriftAccessor for one table, with validated custom queries. */
final class GenerateDaoTool extends ManifestTool {
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

  @Override
  public String name() {
    return "drift_generate_dao";
  }

  @Override
  public String description() {
    return "Generate a DAO (@DriftAccessor) for a table: CRUD, streams, soft-delete variants and custom SQL queries validated on SQLite.";
  }

  @Override
  protected void declare(JsonSchemas s) {
    JsonSchemas param = JsonSchemas.object()
        .required("name", JsonSchemas.string("Parameter name (lowerCamelCase)"))
        .required("type", JsonSchemas.enumOf("Dart type", DartTypes.PARAMETER_TYPES));
    JsonSchemas method = JsonSchemas.object()
        .required("name", JsonSchemas.string("Method name (lowerCamelCase)"))
        .required("returnType", JsonSchemas.string("List<Row>, Row?, Stream<List<Row>>, Stream<Row?>, a scalar (int, String, double, bool, DateTime; nullable, List or Stream), or int/void for writes"))
        .optional("parameters", JsonSchemas.arrayOf(JsonSchemas.nested(param, "A parameter"), "Bound in order to the query's ? placeholders"))
        .required("query", JsonSchemas.string("One SQL statement using snake_case table/column names and ? placeholders"));
    s.required("tableName", JsonSchemas.string("Table (snake_case) the DAO serves"))
        .optional("customMethods", JsonSchemas.arrayOf(JsonSchemas.nested(method, "A custom query method"), "Extra query methods"));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    Table table = SchemaRules.requireTable(m, args.field("tableName"), args.string("tableName"));
    Set<String> taken = takenNames(m);
    DatabaseSchema schema = change.schema(m);
    List<DaoConfig.CustomMethod> methods = new ArrayList<>();
    for (Args method : args.objects("customMethods", false)) {
      DaoConfig.CustomMethod parsed = CustomQueries.parse(m, schema, schema.require(table.name()), method, taken);
      taken.add(parsed.name());
      methods.add(parsed);
    }
    if (table.singlePrimaryKey().isEmpty()) {
      notes.add("Table '" + table.name() + "' has a composite primary key: the DAO has no id-based methods.");
    }
    return DaoConfig.put(m, new DaoConfig(table.name(), methods));
  }
}
