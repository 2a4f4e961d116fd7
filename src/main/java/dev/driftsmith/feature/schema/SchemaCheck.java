package dev.driftsmith.feature.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest.Schema;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.Relation;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.Proven;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.schema.SqlSchema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema core's part of a loaded manifest (tables, relations, feature-owned objects, the
 * history and the DAOs), checked with the rules of drift_add_table, drift_add_relation and
 * drift_generate_dao. The walk goes from the parts others depend on to the parts that depend on
 * them and stops where a part failed: the history is replayed on SQLite only over valid tables.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** Object names reach SQL and drift's generated getters unquoted. */
  static final Pattern OBJECT_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  /** A .drift file below lib/data/, named in database.dart's include list. */
  static final Pattern DRIFT_FILE = Pattern.compile("[a-z0-9_]+(/[a-z0-9_]+)*\\.drift");

  static List<ManifestProblem> problems(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    tables(m, p);
    if (p.isEmpty()) {
      references(m, p);
      relations(m, p);
    }
    if (p.isEmpty()) history(m, p);
    // Only now: the database of tables with broken references or relations cannot be computed.
    if (p.isEmpty()) steps.model().collision(m).ifPresent(c -> p.add(c.field(), c.message()));
    if (p.isEmpty()) daos(m, steps.model().of(m), p);
    return p.list();
  }

  /** Each table as drift_add_table accepts it; names and indexes are checked against the tables before it. */
  private static void tables(Manifest m, Problems p) {
    List<Table> tables = m.schema().tables();
    TakenNames taken = new TakenNames();
    // The names of the tables before, and of their indexes, which an index may not take.
    Set<String> earlier = new HashSet<>();
    for (int i = 0; i < tables.size(); i++) {
      Table table = tables.get(i);
      OwnChecks own = OWN_CHECKS.get(new Placed(i, table), SchemaCheck::ownChecks);
      own.name().forEach(problem -> p.add(problem.field(), problem.message()));
      own.nameRead().ifPresent(name -> p.check(() -> SchemaRules.checkNewTableName(taken, own.nameField(), name)));
      taken.add(table);
      own.columns().forEach(problem -> p.add(problem.field(), problem.message()));
      if (own.indexes().isPresent()) p.check(() -> AddTableTool.indexes(earlier, table, own.indexes().get()));
      earlier.add(table.name());
      table.indexes().forEach(index -> earlier.add(index.name()));
    }
  }

  /** A table of the manifest and its place in schema.tables, which the fields of its problems name. */
  private record Placed(int index, Table table) {}

  /**
   * What a table's checks find that depends on the table alone: reading its name, its columns as
   * drift_add_table reads them (then the checks across them and of its primary key), and its
   * indexes, which are then checked against the tables before it when its columns read.
   */
  private record OwnChecks(List<ManifestProblem> name, Optional<String> nameRead, String nameField,
                           List<ManifestProblem> columns, Optional<List<AddTableTool.DeclaredIndex>> indexes) {}

  /**
   * The checks of the tables of the manifests validated last, by table and place: a call changes
   * one table or none, and reading every column of every table again, as a call reads its
   * arguments, was a tenth of a drift_add_table at 120 tables. Tables are immutable values.
   */
  private static final Memo<Placed, OwnChecks> OWN_CHECKS = new Memo<>(512);

  /** Tables whose own checks ran in this process (for tests). */
  private static final AtomicLong TABLES_CHECKED = new AtomicLong();

  static long tablesChecked() {
    return TABLES_CHECKED.get();
  }

  /**
   * What a table's own checks read its parameters with. The parameters of a call read its project
   * (a table parameter names one of its tables), but no parameter of a column or an index does,
   * which is why these checks depend on the table alone.
   */
  private static final Manifest NO_TABLES = Manifest.create(new Manifest.ProjectInfo("none", "none", null, null, null));

  private static OwnChecks ownChecks(Placed placed) {
    TABLES_CHECKED.incrementAndGet();
    Table table = placed.table();
    Args t = Args.at("schema.tables[" + placed.index() + "]", table);
    Problems name = new Problems();
    Optional<String> nameRead = name.read(() -> t.string("name"));
    Problems p = new Problems();
    List<Args> columnArgs = p.read(() -> t.objects("columns", true)).orElse(List.of());
    List<Column> columns = new ArrayList<>();
    for (Args c : columnArgs) p.read(() -> AddTableTool.column(c, NO_TABLES).column()).ifPresent(columns::add);
    if (columns.size() < columnArgs.size()) return new OwnChecks(name.list(), nameRead, t.field("name"), p.list(), Optional.empty());
    List<String> nameFields = columnArgs.stream().map(c -> c.field("name")).toList();
    p.check(() -> SchemaRules.checkColumns(t.field("columns"), table.name(), nameFields, columns, table.timestamps(),
        table.softDelete()));
    if (columns.stream().noneMatch(Column::primaryKey)) {
      p.add(t.field("columns"), "table '" + table.name() + "' has no primary key; mark a column primaryKey: true, or add "
          + "{name: id, type: integer, autoIncrement: true} as drift_add_table does");
    }
    Optional<List<AddTableTool.DeclaredIndex>> indexes = p.read(() -> Objects.requireNonNullElse(AddTableTool.INDEXES.read(t, NO_TABLES), List.of()));
    return new OwnChecks(name.list(), nameRead, t.field("name"), p.list(), indexes);
  }

  private static void references(Manifest m, Problems p) {
    List<Table> tables = m.schema().tables();
    for (int i = 0; i < tables.size(); i++) {
      Table table = tables.get(i);
      for (int j = 0; j < table.columns().size(); j++) {
        Column column = table.columns().get(j);
        String field = "schema.tables[" + i + "].columns[" + j + "].references";
        if (column.references() != null) p.check(() -> SchemaRules.checkReference(m, table, field, column));
      }
    }
  }

  private static void relations(Manifest m, Problems p) {
    List<Relation> relations = m.schema().relations();
    for (int k = 0; k < relations.size(); k++) {
      Args r = Args.at("schema.relations[" + k + "]", relations.get(k));
      List<Relation> before = relations.subList(0, k);
      p.check(() -> AddRelationTool.checkNewName(before, r.field("name"), r.string("name")));
      p.check(() -> AddRelationTool.checkRecorded(m, r));
    }
  }

  /**
   * Versions 2..N without gaps (version 1 is the empty database) and {@code schema.version} = N.
   * That every step replays to a fresh install is proven last, once every feature's settings passed
   * (dev.driftsmith.generate.ManifestValidator), so a bad setting is reported as itself first.
   */
  private static void history(Manifest m, Problems p) {
    Schema schema = m.schema();
    List<SchemaStep> history = schema.history();
    for (int k = 0; k < history.size(); k++) {
      int expected = k + 2;
      int version = history.get(k).version();
      if (version == expected) continue;
      String field = "schema.history[" + k + "].version";
      if (version > expected) {
        p.add(field, "is " + version + ", but the step before it is version " + (expected - 1) + ": the step of version "
            + (version - expected > 1 ? expected + " to " + (version - 1) + " are" : expected + " is")
            + " missing; restore it from version control (installed apps at version " + (expected - 1)
            + " would skip it, and their databases would never match)");
      } else {
        p.add(field, "is " + version + ", expected " + expected + ": steps are numbered 2, 3, 4, … in order, each once");
      }
      return;
    }
    int last = history.isEmpty() ? 1 : history.get(history.size() - 1).version();
    if (schema.version() != last) {
      // The value is not echoed: the manifest reads a version below 1 as 1.
      p.add("schema.version", "does not match " + (history.isEmpty() ? "schema.history, which is empty"
          : "the last step in schema.history, version " + last) + "; set it to " + last
          + " (the schema version is the version of the last step)");
    }
  }



  /** DAO settings proven, by the schema's fresh install and the settings. */
  private static final Proven DAOS = new Proven();

  /** Each DAO as drift_generate_dao accepts it, its custom queries prepared on SQLite against the schema. */
  private static void daos(Manifest m, DatabaseSchema schema, Problems p) {
    Optional<List<DaoConfig>> daos = p.config(m, DaoConfig.KEY, new TypeReference<List<DaoConfig>>() {});
    if (daos.isEmpty()) return;
    List<Object> proof = List.of(SqlSchema.freshInstall(schema), m.feature(DaoConfig.KEY).orElseThrow());
    if (DAOS.contains(proof)) return;
    int before = p.list().size();
    List<Args> entries = p.entries(m, DaoConfig.KEY);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      Args dao = entries.get(i);
      Optional<Table> table = p.read(() -> SchemaRules.requireTable(m, dao.field("table"), dao.string("table")));
      if (table.isEmpty()) continue;
      if (!seen.add(table.get().name())) {
        p.add(dao.field("table"), "table '" + table.get().name() + "' has a DAO entry above already; keep one entry per table with all its customMethods");
        continue;
      }
      customMethods(m, schema, p, schema.require(table.get().name()), dao, daos.get().get(i).customMethods());
    }
    if (p.list().size() == before) DAOS.add(proof);
  }

  private static void customMethods(Manifest m, DatabaseSchema schema, Problems p, Table table, Args dao,
                                    List<DaoConfig.CustomMethod> stored) {
    Set<String> taken = GenerateDaoTool.takenNames(m);
    List<Args> methods = p.read(() -> dao.objects("customMethods", false)).orElse(List.of());
    for (int j = 0; j < methods.size(); j++) {
      String field = dao.field("customMethods") + "[" + j + "]";
      ObjectNode request = ((ObjectNode) methods.get(j).node()).deepCopy();
      request.retain(CustomQueries.METHOD.names());
      Optional<DaoConfig.CustomMethod> parsed = p.read(() -> CustomQueries.parse(m, schema, table, CustomQueries.METHOD.read(Args.at(field, request), m), taken));
      if (parsed.isEmpty()) continue;
      taken.add(parsed.get().name());
      sameAsTheTool(p, field, stored.get(j), parsed.get());
    }
  }

  /**
   * A stored method must be what drift_generate_dao stores for its name, return type, parameters and
   * query: the fields the tool works out from the query (its kind, result column, tables) too. A
   * field the manifest may leave out (written only when known, {@code @JsonInclude(NON_NULL)}) is
   * worked out again when it is missing, so it is compared only when present.
   */
  private static void sameAsTheTool(Problems p, String field, DaoConfig.CustomMethod stored, DaoConfig.CustomMethod parsed) {
    for (RecordComponent component : DaoConfig.CustomMethod.class.getRecordComponents()) {
      Object have = value(component, stored);
      Object want = value(component, parsed);
      if (have == null && mayBeLeftOut(component)) continue;
      if (!Objects.equals(have, want)) {
        p.add(field + "." + component.getName(), "is " + have + ", but drift_generate_dao stores " + want
            + " for this query; set it to " + want);
      }
    }
  }

  private static boolean mayBeLeftOut(RecordComponent component) {
    JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
    return include != null && include.value() == JsonInclude.Include.NON_NULL;
  }

  private static Object value(RecordComponent component, DaoConfig.CustomMethod method) {
    try {
      return component.getAccessor().invoke(method);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of a custom method", e);
    }
  }
}
