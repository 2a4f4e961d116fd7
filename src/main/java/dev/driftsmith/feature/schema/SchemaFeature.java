package dev.driftsmith.feature.schema;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The Drift schema core: tables, DAOs, the database class with its migrations, the connection. */
public final class SchemaFeature implements Feature, ToolProvider {
  static final TemplateSpec DATABASE = new TemplateSpec("schema.database", "AppDatabase",
      "The drift database: tables, DAOs, schema version and the literal-SQL migration steps.",
      "schema/database.dart", "lib/data", "database", "dart");
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
    return List.of(DATABASE, CONNECTION, TABLE, DAO, TRIGGERS);
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
  public List<ManifestProblem> validate(Manifest manifest) {
    return SchemaCheck.problems(manifest);
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return List.of(Pin.DRIFT.dependency(), Pin.DRIFT_FLUTTER.dependency(), Pin.PATH_PROVIDER.dependency(),
        Pin.PATH.dependency(), Pin.DRIFT_DEV.dependency(), Pin.BUILD_RUNNER.dependency());
  }

  @Override
  public List<GeneratedFile> render(Manifest manifest, Renderer renderer) {
    String pkg = manifest.project().name();
    List<GeneratedFile> files = new ArrayList<>();
    for (Table t : manifest.schema().tables()) files.add(managed(renderer, TABLE, tableContext(pkg, t)));
    List<DaoConfig> daos = DaoConfig.all(manifest);
    for (DaoConfig dao : daos) {
      Table t = manifest.schema().table(dao.table()).orElseThrow();
      files.add(managed(renderer, DAO, daoContext(manifest, t, dao)));
    }
    boolean hasTriggers = manifest.schema().tables().stream().anyMatch(t -> !SqlSchema.ownTriggers(t).isEmpty());
    if (hasTriggers) files.add(managed(renderer, TRIGGERS, triggersContext(manifest)));
    files.add(managed(renderer, DATABASE, databaseContext(manifest, daos, hasTriggers)));
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

  static Map<String, Object> daoContext(Manifest manifest, Table t, DaoConfig dao) {
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
      methods.add(CustomQueries.render(manifest, t, m));
      accessorTables.addAll(m.tables());
    }
    ctx.put("customMethods", methods);
    List<Table> accessed = accessorTables.stream()
        .map(name -> manifest.schema().table(name).orElseThrow()).toList();
    ctx.put("accessorTables", accessed.stream().map(Table::className).collect(Collectors.joining(", ")));
    ctx.put("tableImports", accessed.stream().map(x -> DartTypes.fileOf(manifest.project().name(), x)).toList());
    return ctx;
  }

  static Map<String, Object> triggersContext(Manifest manifest) {
    Map<String, Object> ctx = base(manifest);
    List<String> imports = new ArrayList<>();
    List<String> triggers = new ArrayList<>();
    for (Table t : manifest.schema().tables()) {
      List<String> own = SqlSchema.ownTriggers(t);
      if (own.isEmpty()) continue;
      imports.add(DartTypes.fileOf(manifest.project().name(), t));
      triggers.addAll(own);
    }
    // Touch triggers of synced tables read sync_meta, declared in sync.drift.
    if (manifest.schema().tables().stream().anyMatch(t -> t.sync() && t.timestamps())) imports.add("sync/sync.drift");
    ctx.put("imports", imports);
    ctx.put("triggers", triggers);
    return ctx;
  }

  static Map<String, Object> databaseContext(Manifest manifest, List<DaoConfig> daos, boolean triggers) {
    Map<String, Object> ctx = base(manifest);
    String pkg = manifest.project().name();
    TreeSet<String> imports = new TreeSet<>();
    List<String> tableClasses = new ArrayList<>();
    for (Table t : manifest.schema().tables()) {
      imports.add(DartTypes.fileOf(pkg, t));
      tableClasses.add(t.className());
    }
    List<String> daoClasses = new ArrayList<>();
    for (DaoConfig dao : daos) {
      Table t = manifest.schema().table(dao.table()).orElseThrow();
      imports.add("package:" + pkg + "/data/daos/" + t.name() + "_dao.dart");
      daoClasses.add(daoClass(t));
    }
    ctx.put("imports", List.copyOf(imports));
    ctx.put("tableList", String.join(", ", tableClasses));
    ctx.put("daoList", String.join(", ", daoClasses));
    List<String> driftFiles = new ArrayList<>();
    if (triggers) driftFiles.add("'schema.drift'");
    // The sync outbox (tables and capture triggers) is schema too; its feature renders the file.
    if (SqlSchema.syncs(manifest.schema())) driftFiles.add("'sync/sync.drift'");
    // Feature-owned objects (FTS tables, their triggers) are declared in their feature's .drift file.
    manifest.schema().objects().stream().map(o -> "'" + o.driftFile() + "'").distinct().forEach(driftFiles::add);
    ctx.put("driftFiles", String.join(", ", driftFiles));
    ctx.put("schemaVersion", manifest.schema().version());
    List<Map<String, Object>> steps = new ArrayList<>();
    List<Map<String, Object>> downSteps = new ArrayList<>();
    List<String> createExtras = new ArrayList<>();
    for (SchemaStep step : manifest.schema().history()) {
      steps.add(Map.of("version", step.version(), "description", oneLine(step.description()),
          "up", dartStrings(step.up())));
      if (!step.down().isEmpty()) {
        downSteps.add(Map.of("version", step.version(), "down", dartStrings(step.down())));
      }
      if (step.custom()) createExtras.addAll(dartStrings(step.up()));
    }
    ctx.put("steps", steps);
    ctx.put("downSteps", downSteps);
    ctx.put("createExtras", createExtras);
    ctx.put("openStatements", dartStrings(SqlSchema.openStatements(manifest.schema())));
    ctx.put("nodeId", SqlSchema.syncs(manifest.schema()));
    return ctx;
  }

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
