package dev.driftsmith.feature.schema;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.DeviceId;
import dev.driftsmith.project.Memo;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The Drift schema core: tables, DAOs, the database class with its migrations, the connection. */
public final class SchemaFeature implements Feature, ToolProvider {
  static final TemplateSpec DATABASE = new TemplateSpec("schema.database", "AppDatabase",
      "The drift database: tables, DAOs, schema version and the literal-SQL migration steps.",
      "schema/database.dart", "lib/data", "database", "dart");
  static final TemplateSpec MIGRATIONS = new TemplateSpec("schema.migrations", "Migrations",
      "The literal SQL of every schema step (up, down, hand-written extras of fresh installs), which database.dart runs.",
      "schema/migrations.dart", "lib/data", "migrations", "dart");
  static final TemplateSpec CONNECTION = new TemplateSpec("schema.connection", "Connection",
      "Opens the database with drift_flutter's driftDatabase: native SQLite, or sqlite3.wasm + worker (OPFS) on the web.",
      "schema/connection.dart", "lib/data", "connection", "dart");
  static final TemplateSpec TABLE = new TemplateSpec("schema.table", "Table class",
      "One drift Table class per table, with indexes and foreign keys.",
      "schema/table.dart", "lib/data/tables", "{{sqlName}}", "dart");
  static final TemplateSpec DAO = new TemplateSpec("schema.dao", "DAO",
      "A @DriftAccessor with CRUD, streams, soft-delete variants and validated custom queries.",
      "schema/dao.dart", "lib/data/daos", "{{sqlName}}_dao", "dart");
  static final TemplateSpec TRIGGERS = new TemplateSpec("schema.triggers", "Schema triggers",
      "SQL triggers of the core schema (updated_at maintenance), in a .drift file drift creates with the tables.",
      "schema/schema.drift", "lib/data", "schema", "drift");

  @Override
  public String id() {
    return "schema";
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(DATABASE, MIGRATIONS, CONNECTION, TABLE, DAO, TRIGGERS);
  }

  @Override
  public List<Tool> tools() {
    return List.of(new AddTableTool(), new AddRelationTool(), new GenerateDaoTool(), new CreateMigrationTool());
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(DaoConfig.KEY);
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    return SchemaCheck.problems(manifest, steps);
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return List.of(Pin.DRIFT.dependency(), Pin.DRIFT_FLUTTER.dependency(), Pin.PATH_PROVIDER.dependency(),
        Pin.PATH.dependency(), Pin.DRIFT_DEV.dependency(), Pin.BUILD_RUNNER.dependency());
  }

  /** Where drift learns of the schema's own triggers (updated_at). */
  static final String DRIFT_FILE = "schema.drift";

  @Override
  public Optional<SchemaContributor> schemaContribution() {
    return Optional.of(new SchemaContributor() {
      /** Keeps updated_at current for every UPDATE, whatever code path made it. */
      @Override
      public List<SchemaObject> objectsOn(Manifest m, Table t) {
        if (!t.timestamps()) return List.of();
        return List.of(SchemaObject.trigger(SqlSchema.touchTriggerName(t), t.name(), SqlSchema.touchUpdatedAtTrigger(t, ""), DRIFT_FILE));
      }
    });
  }

  @Override
  public List<GeneratedFile> render(Manifest manifest, DatabaseSchema schema, Renderer renderer) {
    String pkg = manifest.project().name();
    List<GeneratedFile> files = new ArrayList<>();
    for (Table t : schema.tables()) files.add(managed(renderer, TABLE, tableContext(pkg, t)));
    List<DaoConfig> daos = DaoConfig.all(manifest);
    for (DaoConfig dao : daos) {
      files.add(managed(renderer, DAO, daoContext(manifest, schema, schema.require(dao.table()), dao)));
    }
    List<SchemaObject> triggers = schema.objects().stream().filter(o -> DRIFT_FILE.equals(o.driftFile())).toList();
    if (!triggers.isEmpty()) files.add(managed(renderer, TRIGGERS, triggersContext(manifest, schema, triggers)));
    files.add(managed(renderer, DATABASE, databaseContext(manifest, schema, daos)));
    files.add(rendered.get(new History(renderer, manifest.schema().history()),
        // Rendered here, not through managed(): its context is the whole history, which this memo keys more cheaply.
        h -> GeneratedFile.managed(MIGRATIONS.outputPath(h.renderer(), Map.of()), h.renderer().render(MIGRATIONS.source(),
            migrationsContext(h.steps())), MIGRATIONS.id())));
    files.add(managed(renderer, CONNECTION, base(manifest)));
    return files;
  }

  static Map<String, Object> base(Manifest manifest) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("package", manifest.project().name());
    ctx.put("project", manifest.project());
    ctx.put("database", manifest.database());
    ctx.put("encryption", manifest.database().encryption());
    return ctx;
  }

  static Map<String, Object> tableContext(String pkg, Table t) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("sqlName", t.name());
    ctx.put("className", t.className());
    ctx.put("dataClassName", t.dataClassName());
    List<Map<String, String>> columns = new ArrayList<>();
    TreeSet<String> imports = new TreeSet<>();
    for (Column c : t.allColumns()) {
      columns.add(Map.of("getter", c.name(), "columnType", DartTypes.columnType(c.type()),
          "builder", DartTypes.builder(c)));
      if (c.references() != null && !c.references().table().equals(t.name())) {
        imports.add("package:" + pkg + "/data/tables/" + c.references().table() + ".dart");
      }
    }
    ctx.put("columns", columns);
    ctx.put("imports", List.copyOf(imports));
    List<Map<String, Object>> indexes = new ArrayList<>();
    for (Table.Index index : t.indexes()) {
      indexes.add(Map.of("name", index.name(), "unique", index.unique(),
          "symbols", index.columns().stream().map(c -> "#" + c).collect(Collectors.joining(", "))));
    }
    ctx.put("indexes", indexes);
    boolean autoIncrement = t.allColumns().stream().anyMatch(Column::autoIncrement);
    if (!autoIncrement && !t.primaryKey().isEmpty()) {
      ctx.put("primaryKey", t.primaryKey().stream().map(Column::name).collect(Collectors.joining(", ")));
    }
    return ctx;
  }

  static String daoClass(Table t) {
    return t.className() + "Dao";
  }

  static Map<String, Object> daoContext(Manifest manifest, DatabaseSchema schema, Table t, DaoConfig dao) {
    Map<String, Object> ctx = base(manifest);
    ctx.put("sqlName", t.name());
    ctx.put("className", t.className());
    ctx.put("daoClass", daoClass(t));
    ctx.put("dataClass", t.dataClassName());
    ctx.put("companion", t.companionName());
    ctx.put("getter", t.dartGetter());
    ctx.put("softDelete", t.softDelete());
    t.singlePrimaryKey().ifPresent(pk -> ctx.put("pk",
        Map.of("getter", pk.name(), "dartType", DartTypes.dartType(pk.type()))));
    List<Map<String, Object>> methods = new ArrayList<>();
    TreeSet<String> accessorTables = new TreeSet<>(List.of(t.name()));
    for (DaoConfig.CustomMethod m : dao.customMethods()) {
      methods.add(CustomQueries.render(manifest, schema, t, m));
      accessorTables.addAll(m.tables());
    }
    ctx.put("customMethods", methods);
    List<Table> accessed = accessorTables.stream()
        .map(schema::require).toList();
    ctx.put("accessorTables", accessed.stream().map(Table::className).collect(Collectors.joining(", ")));
    ctx.put("tableImports", accessed.stream().map(x -> DartTypes.fileOf(manifest.project().name(), x)).toList());
    return ctx;
  }

  static Map<String, Object> triggersContext(Manifest manifest, DatabaseSchema schema, List<SchemaObject> triggers) {
    Map<String, Object> ctx = base(manifest);
    TreeSet<String> imports = new TreeSet<>();
    for (SchemaObject o : triggers) imports.add(DartTypes.fileOf(manifest.project().name(), schema.require(o.table())));
    // Triggers may read the tables features own (sync's meta table), declared in their .drift files.
    List<String> features = schema.systemObjects().stream().filter(o -> o.kind() == SchemaObject.Kind.TABLE)
        .map(SchemaObject::driftFile).distinct().filter(f -> f != null && !f.equals(DRIFT_FILE)).toList();
    List<String> all = new ArrayList<>(imports);
    all.addAll(features);
    ctx.put("imports", all);
    ctx.put("triggers", triggers.stream().map(SchemaObject::sql).toList());
    return ctx;
  }

  static Map<String, Object> databaseContext(Manifest manifest, DatabaseSchema schema, List<DaoConfig> daos) {
    Map<String, Object> ctx = base(manifest);
    String pkg = manifest.project().name();
    TreeSet<String> imports = new TreeSet<>();
    List<String> tableClasses = new ArrayList<>();
    for (Table t : schema.tables()) {
      imports.add(DartTypes.fileOf(pkg, t));
      tableClasses.add(t.className());
    }
    List<String> daoClasses = new ArrayList<>();
    for (DaoConfig dao : daos) {
      Table t = schema.require(dao.table());
      imports.add("package:" + pkg + "/data/daos/" + t.name() + "_dao.dart");
      daoClasses.add(daoClass(t));
    }
    imports.add("package:" + pkg + "/data/migrations.dart");
    ctx.put("imports", List.copyOf(imports));
    ctx.put("tableList", String.join(", ", tableClasses));
    ctx.put("daoList", String.join(", ", daoClasses));
    // Every feature declares its objects (triggers, FTS tables, the outbox) in its own .drift file.
    ctx.put("driftFiles", schema.driftFiles().stream().sorted().map(f -> "'" + f + "'").collect(Collectors.joining(", ")));
    ctx.put("schemaVersion", manifest.schema().version());
    ctx.put("openStatements", dartStrings(schema.openStatements()));
    ctx.put("nodeId", schema.openStatements().contains(DeviceId.ENSURE));
    return ctx;
  }

  /** What migrations.dart is made of: nothing but the history (and the templates). */
  private record History(Renderer renderer, List<SchemaStep> steps) {}

  /**
   * migrations.dart of the last few histories. It holds every statement of the history (over a MB
   * on a large project), and the history changes only when a step is added: rendering it on every
   * call was a good part of a warm project_generate.
   */
  private final Memo<History, GeneratedFile> rendered = new Memo<>(4);

  /** The SQL of every step as Dart strings: up by version, down where a step can be undone, the hand-written extras. */
  static Map<String, Object> migrationsContext(List<SchemaStep> history) {
    List<Map<String, Object>> steps = new ArrayList<>();
    List<Map<String, Object>> downSteps = new ArrayList<>();
    List<String> createExtras = new ArrayList<>();
    for (SchemaStep step : history) {
      StepStrings strings = STEP_STRINGS.get(step, StepStrings::of);
      steps.add(Map.of("version", step.version(), "description", oneLine(step.description()), "up", strings.up()));
      if (!step.down().isEmpty()) downSteps.add(Map.of("version", step.version(), "down", strings.down()));
      if (step.custom()) createExtras.addAll(strings.up());
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("steps", steps);
    ctx.put("downSteps", downSteps);
    ctx.put("createExtras", createExtras);
    return ctx;
  }

  /** A step's statements as Dart string literals. */
  private record StepStrings(List<String> up, List<String> down) {
    static StepStrings of(SchemaStep step) {
      return new StepStrings(dartStrings(step.up()), dartStrings(step.down()));
    }
  }

  /**
   * The Dart literals of the last steps seen. A new step changes migrations.dart, and escaping every
   * statement of a long history again for it was most of rendering the file; released steps never change.
   */
  private static final Memo<SchemaStep, StepStrings> STEP_STRINGS = new Memo<>(2048);

  private static List<String> dartStrings(List<String> sql) {
    return sql.stream().map(DartCode::string).toList();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ");
  }

  static String pascal(String s) {
    return Names.pascalCase(s);
  }
}
