package dev.driftsmith.feature.repository;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.VersioningConfig;
import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;

/**
 * Repositories: per configured table, an interface with the requested operations plus its drift
 * implementation over the table's DAO in one file, and an in-memory implementation for widget tests
 * in a second file, so the app's code never imports the test double.
 */
public final class RepositoryFeature implements Feature, ToolProvider {
  static final TemplateSpec REPOSITORY = TemplateSpec.of("repository.drift", "Repository", "repository/repository.dart",
      "lib/data/repositories", "A repository interface with the requested operations and its drift implementation over the table's DAO, "
          + "with an optional TTL cache invalidated by writes and drift's table updates.")
      .withFileName("{{sqlName}}_repository");
  static final TemplateSpec MEMORY = TemplateSpec.of("repository.memory", "In-memory repository", "repository/repository_memory.dart",
      "lib/data/repositories", "A plain-Dart, map-based implementation of the repository interface for widget tests.")
      .withFileName("{{sqlName}}_repository_memory");

  /**
   * The context of both files of one repository: the interface with its drift implementation, and
   * the in-memory implementation of the same interface. The flags below the operations say which
   * helpers the in-memory code needs, so that nothing unused is emitted; {@code ttlSeconds} is null
   * without the cache.
   */
  record RepositoryContext(String packageName, String sqlName, String dataClass, String companion, String daoClass,
                           String tableGetter, String interfaceName, String driftName, String memoryName, String operationsText,
                           Key key, boolean intKey, boolean create, boolean read, boolean update, boolean delete, boolean list,
                           boolean streams, boolean softDelete, boolean timestamps, boolean versioned, boolean updateStatement,
                           boolean versionIncrement, boolean versionTimestamp, boolean cache, Gaps gap, Integer ttlSeconds,
                           List<MemoryColumn> columns, boolean createNow, String keyValue, String keyUniqueLabel,
                           boolean needsRequired, boolean writes, boolean needsFind, boolean needsWrite, boolean needsUnique,
                           boolean needsNextId, boolean trackLastId, boolean touch, boolean storedNow,
                           List<UniqueCheck> uniqueChecks, boolean needsUuid) {}

  /** The primary key: its getter, its Dart type, and whether SQLite hands out its values (AUTOINCREMENT). */
  record Key(String getter, String dartType, boolean autoIncrement) {}

  /** Whether an operation's declaration follows another one in the interface (and needs a blank line before it). */
  record Gaps(boolean list, boolean create, boolean update, boolean delete) {}

  /** A column of a row the in-memory create builds: {@code value} is Dart over the companion {@code entry}. */
  record MemoryColumn(String getter, String value) {}

  /** A UNIQUE constraint as a Dart condition on {@code row} and {@code other}, and SQLite's message for it. */
  record UniqueCheck(String condition, String label) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.each(REPOSITORY, in -> repositories(in.manifest(), in.schema()), RepositoryFeature::context),
      FeatureTemplate.each(MEMORY, in -> repositories(in.manifest(), in.schema()), RepositoryFeature::context));

  /** A repository's configuration with its table as the schema has it. */
  record Configured(Table table, RepositoryConfig config) {}

  @Override
  public String id() {
    return "repository";
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(RepositoryConfig.KEY.name());
  }

  @Override
  public List<ManifestProblem> validate(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    if (p.config(m, RepositoryConfig.KEY.name(), new TypeReference<List<RepositoryConfig>>() {}).isEmpty()) return p.list();
    Set<String> seen = new HashSet<>();
    for (Args entry : p.entries(m, RepositoryConfig.KEY.name())) {
      p.read(() -> GenerateRepositoryTool.checkRecorded(m, entry)).filter(t -> !seen.add(t.name()))
          .ifPresent(t -> p.add(entry.field("table"), "table '" + t.name() + "' has a repository above already; keep one entry per table"));
    }
    return p.list();
  }

  @Override
  public List<Tool> tools() {
    return List.of(new GenerateRepositoryTool());
  }

  /** Every configured repository; a manifest that reaches rendering unchecked may name a table or DAO that is not there. */
  static List<Configured> repositories(Manifest m, DatabaseSchema schema) {
    List<DaoConfig> daos = DaoConfig.all(m);
    List<Configured> out = new ArrayList<>();
    for (RepositoryConfig r : RepositoryConfig.all(m)) {
      Table t = schema.table(r.table()).orElseThrow(() -> new IllegalStateException(
          "features.repositories: table '" + r.table() + "' is not in the schema; remove its repository entry"));
      if (daos.stream().noneMatch(d -> d.table().equals(t.name()))) {
        throw new IllegalStateException("features.repositories: the repository of '" + t.name()
            + "' needs its DAO; add '- table: " + t.name() + "' under features.daos or call drift_generate_repository again");
      }
      out.add(new Configured(t, r));
    }
    return out;
  }

  static String interfaceName(Table t) {
    return t.className() + "Repository";
  }

  static String driftName(Table t) {
    return "Drift" + t.className() + "Repository";
  }

  static String memoryName(Table t) {
    return "InMemory" + t.className() + "Repository";
  }

  static RepositoryContext context(FeatureTemplate.Input in, Configured configured) {
    Manifest m = in.manifest();
    Table t = configured.table();
    RepositoryConfig r = configured.config();
    Column pk = t.singlePrimaryKey().orElseThrow(() -> new IllegalStateException(
        "features.repositories: table '" + t.name() + "' needs a single-column primary key"));
    boolean create = r.has(RepositoryOperation.CREATE);
    boolean read = r.has(RepositoryOperation.READ);
    boolean update = r.has(RepositoryOperation.UPDATE);
    boolean delete = r.has(RepositoryOperation.DELETE);
    boolean list = r.has(RepositoryOperation.LIST);
    boolean soft = t.softDelete();
    boolean intKey = pk.type() == ColumnType.INTEGER;
    // A versioned table: the repository's updates advance the version too, so versioned writers see them.
    VersioningStrategy versioning = m.get(FeatureKeys.VERSIONING).orElse(List.of()).stream()
        .filter(v -> v.table().equals(t.name())).map(VersioningConfig::strategy).findFirst().orElse(null);
    boolean versioned = versioning != null && update;
    // Without getById or list there is nothing to cache (the tool says so).
    boolean cache = r.includeCache() && (read || list);

    List<MemoryColumn> columns = new ArrayList<>();
    boolean anyRequired = false;
    for (Column c : t.allColumns()) {
      String value = c.name().equals(pk.name()) ? "key" : valueOf(c, false);
      if (value.startsWith("_required(")) anyRequired = true;
      columns.add(new MemoryColumn(c.name(), value));
    }
    String keyValue = valueOf(pk, true);
    if (keyValue.startsWith("_required(")) anyRequired = true;
    boolean createNow = t.allColumns().stream().anyMatch(c -> c.type() == ColumnType.DATE_TIME && c.defaultValue() != null);
    boolean needsWrite = update || (delete && soft);
    return new RepositoryContext(m.project().name(), t.name(), t.dataClassName(), t.companionName(), t.className() + "Dao",
        t.dartGetter(), interfaceName(t), driftName(t), memoryName(t), r.operations().stream().map(RepositoryOperation::wire).collect(Collectors.joining(", ")),
        new Key(pk.name(), pk.type().dartType(), pk.autoIncrement()), intKey, create, read, update, delete, list,
        read || list, soft, t.timestamps(), versioned, update && (soft || versioned),
        versioned && versioning == VersioningStrategy.INCREMENT, versioned && versioning == VersioningStrategy.TIMESTAMP, cache,
        new Gaps(read, read || list, read || list || create, read || list || create || update), r.cacheTTL(),
        columns, createNow, keyValue, "UNIQUE constraint failed: " + t.name() + "." + pk.sqlName(),
        create && anyRequired, create || update || delete, read || update || (delete && soft), needsWrite,
        create || needsWrite, create && intKey, create && pk.autoIncrement(), needsWrite && t.timestamps(),
        (create && createNow) || (needsWrite && t.timestamps()), uniqueChecks(t),
        create && t.allColumns().stream().anyMatch(c -> Column.UUID.equals(c.defaultValue())));
  }

  /** The value of column {@code c} in a row built from the companion {@code entry}, as SQLite would store it. */
  static String valueOf(Column c, boolean isKey) {
    String v = "entry." + c.name();
    if (isKey && c.type() == ColumnType.INTEGER) return v + ".present ? " + v + ".value : _nextId()";
    String absent = c.defaultValue() != null ? literal(c) : c.nullable() ? "null" : null;
    if (absent == null) return "_required(" + v + ", " + DartCode.string(c.name()) + ")";
    return v + ".present ? " + v + ".value : " + absent;
  }

  /** A column default as Dart: constants as literals; SQL's current time as the repository's clock. */
  static String literal(Column c) {
    Object v = c.defaultValue();
    return switch (c.type()) {
      case DATE_TIME -> "now"; // one reading per insert, as SQLite's 'now' is one per statement
      case TEXT -> Column.UUID.equals(v) ? "_uuid()" : DartCode.string(v.toString());
      case INTEGER -> Long.toString(((Number) v).longValue());
      case REAL -> DartCode.doubleLiteral(((Number) v).doubleValue());
      case BOOLEAN -> v.toString();
      case BLOB -> throw new IllegalArgumentException("no default for " + c.type() + " column " + c.name());
    };
  }

  /**
   * SQLite's UNIQUE constraints besides the primary key (unique columns, unique indexes), as conditions
   * on {@code row} and {@code other}. NULLs never collide, as in SQLite. Blob values have no value
   * equality in Dart, so constraints over blobs are left to the database.
   */
  static List<UniqueCheck> uniqueChecks(Table t) {
    List<List<String>> constraints = new ArrayList<>();
    for (Column c : t.allColumns()) if (c.unique() && !c.primaryKey()) constraints.add(List.of(c.name()));
    for (Table.Index index : t.indexes()) if (index.unique()) constraints.add(index.columns());
    List<UniqueCheck> out = new ArrayList<>();
    for (List<String> names : constraints) {
      List<Column> cols = names.stream().map(n -> t.column(n)).flatMap(Optional::stream).toList();
      if (cols.size() != names.size() || cols.stream().anyMatch(c -> c.type() == ColumnType.BLOB)) continue;
      String condition = cols.stream().map(c -> (c.nullable() ? "row." + c.name() + " != null && " : "")
          + "row." + c.name() + " == other." + c.name()).collect(Collectors.joining(" && "));
      String label = cols.stream().map(c -> t.name() + "." + c.sqlName()).collect(Collectors.joining(", "));
      out.add(new UniqueCheck(condition, "UNIQUE constraint failed: " + label));
    }
    return out;
  }
}
