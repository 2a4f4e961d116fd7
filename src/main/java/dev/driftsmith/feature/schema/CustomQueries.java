package dev.driftsmith.feature.schema;

import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.StatementKind;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.DartParameterType;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SqlAuthorizer;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqlStatements;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Custom DAO methods: accepted only after the query prepared on SQLite against the project's
 * schema, then rendered as drift {@code customSelect}/{@code customUpdate} calls with bound
 * variables and the right {@code readsFrom}/{@code updates} sets.
 */
final class CustomQueries {
  private CustomQueries() {}

  static final List<String> SCALARS = List.of("int", "String", "double", "bool", "DateTime");

  static final Param<String> PARAMETER_NAME = Param.string("name").required();
  static final Param<DartParameterType> PARAMETER_TYPE = Param.choice("type", DartParameterType.class).required();
  static final Param<String> NAME = Param.string("name").required();
  static final Param<String> RETURN_TYPE = Param.string("returnType").required()
      .describe("List<Row>, Row?, Stream<List<Row>>, Stream<Row?>, a scalar (int, String, double, bool, DateTime; nullable, List, Stream), or int/void for writes");
  static final Param<List<DaoConfig.Parameter>> PARAMETERS = Param.list("parameters", Params.of(PARAMETER_NAME, PARAMETER_TYPE),
          v -> new DaoConfig.Parameter(v.get(PARAMETER_NAME), v.get(PARAMETER_TYPE)))
      .check(CustomQueries::checkParameterNames).describe("Bound to the ? placeholders in order");
  static final Param<String> QUERY = Param.text("query", TextSize.SQL).required()
      .describe("One SQL statement, snake_case names");
  /** The fields of a custom method a call gives; the tool works out the others from the query. */
  static final Params METHOD = Params.of(NAME, RETURN_TYPE, PARAMETERS, QUERY);

  private static void checkParameterNames(List<DaoConfig.Parameter> params, String field, Values v) throws ToolException {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < params.size(); i++) {
      String pn = params.get(i).name();
      if (!Names.isCamelCase(pn) || Names.DART_RESERVED.contains(pn) || !names.add(pn)) {
        throw new ToolException(field + "[" + i + "].name", "'" + pn + "' must be a unique lowerCamelCase identifier");
      }
    }
  }

  /** The method {@code m} asks for (its {@link #METHOD} fields), its query prepared on SQLite against {@code schema}. */
  static DaoConfig.CustomMethod parse(Manifest manifest, DatabaseSchema schema, Table table, Values m, Set<String> taken)
      throws ToolException {
    String name = m.get(NAME);
    if (!Names.isCamelCase(name) || Names.DART_RESERVED.contains(name)) {
      throw new ToolException(m.field(NAME), "'" + name + "' must be a lowerCamelCase Dart identifier that is not a reserved word");
    }
    if (taken.contains(name)) {
      throw new ToolException(m.field(NAME), "'" + name + "' is already a method of the DAO (or inherited from DatabaseAccessor); choose another name");
    }
    List<DaoConfig.Parameter> params = m.optional(PARAMETERS).orElse(List.of());
    String query = SqlStatements.trim(m.get(QUERY));
    String returnType = m.get(RETURN_TYPE).replace(" ", "");
    StatementKind statement;
    List<String> resultColumns;
    try (SqliteSandbox box = SqliteSandbox.with(SqlSchema.freshInstall(schema))) {
      statement = SqlAuthorizer.authorize(box, query, SqlAuthorizer.Use.DAO_QUERY).kind();
      int count = box.prepare(query);
      if (count != params.size()) {
        throw new ToolException(m.field(PARAMETERS), "the query has " + count
            + " placeholder(s) but " + params.size() + " parameter(s) were given; placeholders are `?`, bound in the order of `parameters`");
      }
      resultColumns = statement == StatementKind.SELECT ? box.resultColumns(query) : List.of();
    } catch (SqlAuthorizer.Refused e) {
      throw new ToolException(m.field(QUERY), e.getMessage());
    } catch (SQLException e) {
      throw new ToolException(m.field(QUERY), "does not prepare on SQLite against the project's schema: "
          + e.getMessage() + ". Table and column names are the SQL (snake_case) names");
    }
    DateTimeComparisons.refuseTextComparisons(schema, query, params, m.field(QUERY));
    List<String> tables = tablesIn(manifest, query);
    String kind;
    String resultColumn = null;
    String rowType = "(List<|Stream<List<)?" + Pattern.quote(table.dataClassName()) + "(>|>>|\\?|\\?>)?";
    if (statement.changesRows()) {
      if (!returnType.equals("int") && !returnType.equals("void")) {
        throw new ToolException(m.field(RETURN_TYPE), "a write statement returns int (rows changed, or the new rowid for INSERT) or void, got " + returnType);
      }
      kind = "write";
    } else if (returnType.matches(rowType) && !returnType.equals(table.dataClassName())
        && !returnType.equals("Stream<" + table.dataClassName() + ">")) {
      Set<String> have = new HashSet<>(resultColumns);
      List<String> missing = table.allColumns().stream().map(Column::sqlName).filter(c -> !have.contains(c)).toList();
      if (!missing.isEmpty()) {
        throw new ToolException(m.field(QUERY), "must select every column of " + table.name()
            + " to return " + returnType + " (use SELECT * or " + table.name() + ".*); missing: " + missing);
      }
      kind = "rows";
    } else if (scalarShape(returnType)) {
      if (resultColumns.isEmpty()) throw new ToolException(m.field(QUERY), "returns no columns");
      resultColumn = resultColumns.get(0);
      kind = "scalar";
    } else {
      throw new ToolException(m.field(RETURN_TYPE), "'" + returnType + "' is not supported; use List<"
          + table.dataClassName() + ">, " + table.dataClassName() + "?, Stream<List<" + table.dataClassName()
          + ">>, Stream<" + table.dataClassName() + "?>, a scalar (" + SCALARS + ", optionally nullable or in a List/Stream), or int/void for writes");
    }
    return new DaoConfig.CustomMethod(name, returnType, params, query, kind, resultColumn, tables, statement);
  }

  private static boolean scalarShape(String type) {
    String inner = type.replaceFirst("^Stream<(.*)>$", "$1").replaceFirst("^List<(.*)>$", "$1").replaceFirst("\\?$", "");
    return SCALARS.contains(inner);
  }

  /** The project's tables a query mentions, for readsFrom/updates (so drift streams refresh). */
  static List<String> tablesIn(Manifest manifest, String query) {
    String lower = query.toLowerCase(Locale.ROOT);
    return manifest.schema().tables().stream().map(Table::name)
        .filter(name -> Pattern.compile("(?<![a-z0-9_])\"?" + Pattern.quote(name) + "\"?(?![a-z0-9_])").matcher(lower).find())
        .sorted().toList();
  }

  /**
   * The kind SQLite gave the query when the tool accepted it. Manifests written before the kind was
   * stored get it from SQLite again, against their current schema, so a query an older version let
   * through is authorized before it is written into Dart.
   */
  static StatementKind statementOf(DatabaseSchema schema, DaoConfig.CustomMethod m) {
    if (m.statement() != null) return m.statement();
    try (SqliteSandbox box = SqliteSandbox.with(SqlSchema.freshInstall(schema))) {
      return SqlAuthorizer.authorize(box, m.query(), SqlAuthorizer.Use.DAO_QUERY).kind();
    } catch (SQLException | SqlAuthorizer.Refused e) {
      throw new IllegalStateException("the custom query " + m.name() + " does not pass SQLite's checks any more ("
          + e.getMessage() + "); call drift_generate_dao for its table again", e);
    }
  }

  /**
   * A custom method as the DAO template writes it: {@code signature name(parameters) body}, Dart that
   * this class builds with every literal through DartCode, and the query on one line for its doc comment.
   */
  record Method(String doc, String signature, String name, String parameters, String body) {}

  static Method render(DatabaseSchema schema, Table table, DaoConfig.CustomMethod m) {
    String params = m.parameters().stream().map(p -> p.type() + " " + p.name()).collect(Collectors.joining(", "));
    String variables = m.parameters().stream().map(p -> DartTypes.variable(p.type(), p.name()))
        .collect(Collectors.joining(", "));
    String tableSet = m.tables().stream().map(name -> schema.require(name).dartGetter())
        .collect(Collectors.joining(", "));
    String sql = DartCode.string(m.query());
    String vars = variables.isEmpty() ? "" : ",\n        variables: [" + variables + "]";
    String reads = tableSet.isEmpty() ? "" : "\n        readsFrom: {" + tableSet + "},";
    String updates = tableSet.isEmpty() ? "" : "\n        updates: {" + tableSet + "},";
    String signature;
    String body;
    String returnType = m.returnType();
    // For every method, not only writes: a query from an older manifest is authorized here.
    StatementKind statement = statementOf(schema, m);
    if ("write".equals(m.kind())) {
      String call = statement == StatementKind.INSERT
          ? "customInsert(\n        " + sql + vars + "," + updates + "\n      )"
          : "customUpdate(\n        " + sql + vars + "," + updates + "\n        updateKind: UpdateKind."
            + (statement == StatementKind.DELETE ? "delete" : "update") + ",\n      )";
      if (returnType.equals("void")) {
        signature = "Future<void>";
        body = "async {\n    await " + call + ";\n  }";
      } else {
        signature = "Future<int>";
        body = "=> " + call + ";";
      }
    } else {
      String mapper;
      if ("rows".equals(m.kind())) {
        mapper = "(row) => " + table.dartGetter() + ".map(row.data)";
      } else {
        String inner = returnType.replaceFirst("^Stream<(.*)>$", "$1").replaceFirst("^List<(.*)>$", "$1");
        boolean nullable = inner.endsWith("?");
        String base = nullable ? inner.substring(0, inner.length() - 1) : inner;
        mapper = "(row) => row." + (nullable ? "readNullable" : "read") + "<" + base + ">(" + DartCode.string(m.resultColumn()) + ")";
      }
      String terminal;
      if (returnType.startsWith("Stream<List<")) terminal = "watch()";
      else if (returnType.startsWith("Stream<")) terminal = returnType.endsWith("?>") ? "watchSingleOrNull()" : "watchSingle()";
      else if (returnType.startsWith("List<")) terminal = "get()";
      else terminal = returnType.endsWith("?") ? "getSingleOrNull()" : "getSingle()";
      signature = returnType.startsWith("Stream<") ? returnType : "Future<" + returnType + ">";
      body = "=> customSelect(\n        " + sql + vars + "," + reads + "\n      ).map(" + mapper + ")." + terminal + ";";
    }
    return new Method("Custom query: " + m.query().replaceAll("\\s+", " "), signature, m.name(), params, body);
  }
}
