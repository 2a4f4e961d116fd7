package dev.driftsmith.feature.schema;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.DeviceId;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The Drift schema core: tables, DAOs, the database class with its migrations, the connection. */
public final class SchemaFeature implements Feature, ToolProvider {
  static final TemplateSpec DATABASE = TemplateSpec.of("schema.database", "AppDatabase", "schema/database.dart", "lib/data",
      "The drift database: tables, DAOs, schema version and the literal-SQL migration steps.");
  static final TemplateSpec MIGRATIONS = TemplateSpec.of("schema.migrations", "Migrations", "schema/migrations.dart", "lib/data",
      "The schema steps database.dart runs (up, down, hand-written extras of fresh installs), by version, from their part files.");
  static final TemplateSpec MIGRATION_STEP = TemplateSpec.of("schema.migration_step", "Migration step", "schema/migration_step.dart",
      "lib/data/migrations", "One schema step's literal SQL (up and down), a part of migrations.dart written once.")
      .withFileName("{{fileName}}");
  static final TemplateSpec CONNECTION = TemplateSpec.of("schema.connection", "Connection", "schema/connection.dart", "lib/data",
      "Opens the database with drift_flutter's driftDatabase: native SQLite, or sqlite3.wasm + worker (OPFS) on the web.");
  static final TemplateSpec TABLE = TemplateSpec.of("schema.table", "Table class", "schema/table.dart", "lib/data/tables",
      "One drift Table class per table, with indexes and foreign keys.").withFileName("{{sqlName}}");
  static final TemplateSpec DAO = TemplateSpec.of("schema.dao", "DAO", "schema/dao.dart", "lib/data/daos",
      "A @DriftAccessor with CRUD, streams, soft-delete variants and validated custom queries.").withFileName("{{sqlName}}_dao");
  static final TemplateSpec TRIGGERS = TemplateSpec.of("schema.triggers", "Schema triggers", "schema/schema.drift", "lib/data",
      "SQL triggers of the core schema (updated_at maintenance), in a .drift file drift creates with the tables.");

  /** A table as other files name it: its SQL name (its file, tables/NAME.dart) and its Dart class. */
  record TableRef(String name, String className) {
    static TableRef of(Table t) {
      return new TableRef(t.name(), t.className());
    }
  }

  /**
   * table.dart. {@code primaryKey} lists the key getters when drift needs them spelled out (no
   * auto-increment column), and is null otherwise.
   */
  record TableContext(String packageName, String sqlName, String className, String dataClassName,
                      List<TableColumn> columns, List<TableIndex> indexes, String primaryKey) {}

  /** One column getter; {@code otherTable} is the table its foreign key references, null when none or its own. */
  record TableColumn(String getter, String columnType, String builder, String otherTable) {}

  /** A @TableIndex; {@code symbols} are the column getters as Dart symbols ({@code #title, #done}). */
  record TableIndex(String name, boolean unique, String symbols) {}

  /**
   * A DAO: its table's names, the key getter and type when the table has a single-column key
   * ({@code pk}, else null), the custom methods, and every table its accessor declares.
   */
  record DaoContext(String packageName, String sqlName, String daoClass, String dataClass, String companion, String getter,
                    boolean softDelete, DaoKey pk, List<CustomQueries.Method> customMethods, List<TableRef> accessorTables) {}

  record DaoKey(String getter, String dartType) {}

  /** schema.drift: the core schema's triggers, each with the table it is on. */
  record TriggersContext(String packageName, List<Trigger> triggers, List<String> featureFiles) {}

  record Trigger(String table, String sql) {}

  /**
   * database.dart: the tables, DAOs and .drift files drift puts together, and the migration steps as
   * literal SQL. {@code encrypted}: the database is opened with a key, from connection.dart only.
   */
  record DatabaseContext(String packageName, boolean encrypted, List<TableRef> tables, List<DaoRef> daos, List<String> driftFiles,
                         int schemaVersion, List<String> openStatements, boolean nodeId) {}

  /**
   * migrations.dart: the index of every step, whose SQL is in the step's own part file. The SQL of
   * a large project's history is megabytes; in one file it was rendered, compared and written again
   * on every step, while a released step never changes.
   */
  record MigrationsContext(List<StepRef> steps) {}

  /**
   * A step as the index names it: its part file ({@code v0002}), whether it has down statements,
   * and whether it is hand-written (its statements also run on fresh installs).
   */
  record StepRef(int version, String fileName, boolean reversible, boolean custom) {}

  /** One step's part file: its statements up, and down back to {@code previous} (none: irreversible). */
  record StepContext(int version, int previous, String fileName, String description, List<String> up, List<String> down) {}

  record DaoRef(String sqlName, String daoClass) {}

  /** connection.dart; {@code encryptionStrategy} is null without encryption. */
  record ConnectionContext(String packageName, String databaseName, String encryptionStrategy) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.always(DATABASE, in -> databaseContext(in.manifest(), in.schema())),
      FeatureTemplate.always(MIGRATIONS, in -> migrationsContext(in.manifest().schema().history())),
      FeatureTemplate.each(MIGRATION_STEP, in -> in.manifest().schema().history(), (in, step) -> stepContext(step)),
      FeatureTemplate.always(CONNECTION, in -> connectionContext(in.manifest())),
      FeatureTemplate.each(TABLE, in -> in.schema().tables(), (in, t) -> tableContext(in.manifest().project().name(), t)),
      FeatureTemplate.each(DAO, in -> DaoConfig.all(in.manifest()),
          (in, dao) -> daoContext(in.manifest(), in.schema(), in.schema().require(dao.table()), dao)),
      FeatureTemplate.when(TRIGGERS, in -> !triggers(in.schema()).isEmpty(), in -> triggersContext(in.manifest(), in.schema())));

  @Override
  public String id() {
    return "schema";
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
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

  static ConnectionContext connectionContext(Manifest manifest) {
    Manifest.Encryption encryption = manifest.database().encryption();
    return new ConnectionContext(manifest.project().name(), manifest.database().name(),
        encryption == null ? null : encryption.strategy().wire());
  }

  static TableContext tableContext(String pkg, Table t) {
    List<TableColumn> columns = new ArrayList<>();
    for (Column c : t.allColumns()) {
      String other = c.references() != null && !c.references().table().equals(t.name()) ? c.references().table() : null;
      columns.add(new TableColumn(c.name(), c.type().driftColumn(), DartTypes.builder(c), other));
    }
    List<TableIndex> indexes = new ArrayList<>();
    for (Table.Index index : t.indexes()) {
      indexes.add(new TableIndex(index.name(), index.unique(),
          index.columns().stream().map(c -> "#" + c).collect(Collectors.joining(", "))));
    }
    boolean autoIncrement = t.allColumns().stream().anyMatch(Column::autoIncrement);
    String primaryKey = autoIncrement || t.primaryKey().isEmpty() ? null
        : t.primaryKey().stream().map(Column::name).collect(Collectors.joining(", "));
    return new TableContext(pkg, t.name(), t.className(), t.dataClassName(), columns, indexes, primaryKey);
  }

  static String daoClass(Table t) {
    return t.className() + "Dao";
  }

  static DaoContext daoContext(Manifest manifest, DatabaseSchema schema, Table t, DaoConfig dao) {
    DaoKey pk = t.singlePrimaryKey().map(c -> new DaoKey(c.name(), c.type().dartType())).orElse(null);
    List<CustomQueries.Method> methods = new ArrayList<>();
    TreeSet<String> accessorTables = new TreeSet<>(List.of(t.name()));
    for (DaoConfig.CustomMethod m : dao.customMethods()) {
      methods.add(CustomQueries.render(schema, t, m));
      accessorTables.addAll(m.tables());
    }
    List<TableRef> accessed = accessorTables.stream().map(schema::require).map(TableRef::of).toList();
    return new DaoContext(manifest.project().name(), t.name(), daoClass(t), t.dataClassName(), t.companionName(),
        t.dartGetter(), t.softDelete(), pk, methods, accessed);
  }

  /** The triggers this feature declares in schema.drift. */
  private static List<SchemaObject> triggers(DatabaseSchema schema) {
    return schema.objects().stream().filter(o -> DRIFT_FILE.equals(o.driftFile())).toList();
  }

  static TriggersContext triggersContext(Manifest manifest, DatabaseSchema schema) {
    List<Trigger> triggers = triggers(schema).stream().map(o -> new Trigger(o.table(), o.sql())).toList();
    // Triggers may read the tables features own (sync's meta table), declared in their .drift files.
    List<String> features = schema.systemObjects().stream().filter(o -> o.kind() == SchemaObject.Kind.TABLE)
        .map(SchemaObject::driftFile).distinct().filter(f -> f != null && !f.equals(DRIFT_FILE)).toList();
    return new TriggersContext(manifest.project().name(), triggers, features);
  }

  static DatabaseContext databaseContext(Manifest manifest, DatabaseSchema schema) {
    List<TableRef> tables = schema.tables().stream().map(TableRef::of).toList();
    List<DaoRef> daos = DaoConfig.all(manifest).stream().map(dao -> schema.require(dao.table()))
        .map(t -> new DaoRef(t.name(), daoClass(t))).toList();
    // Every feature declares its objects (triggers, FTS tables, the outbox) in its own .drift file.
    List<String> driftFiles = schema.driftFiles().stream().sorted().toList();
    return new DatabaseContext(manifest.project().name(), manifest.database().encryption() != null, tables, daos, driftFiles,
        manifest.schema().version(), schema.openStatements(), schema.openStatements().contains(DeviceId.ENSURE));
  }

  static MigrationsContext migrationsContext(List<SchemaStep> history) {
    return new MigrationsContext(history.stream()
        .map(step -> new StepRef(step.version(), stepFileName(step), !step.down().isEmpty(), step.custom())).toList());
  }

  static StepContext stepContext(SchemaStep step) {
    return new StepContext(step.version(), step.version() - 1, stepFileName(step), oneLine(step.description()), step.up(), step.down());
  }

  /** {@code v0002}: padded like the migration files, so a folder listing is in version order. */
  static String stepFileName(SchemaStep step) {
    return String.format(Locale.ROOT, "v%04d", step.version());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ");
  }
}
