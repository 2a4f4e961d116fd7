package dev.driftsmith.feature.repository;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.Versioned;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;

/**
 * Repositories (template 14): per configured table, an interface with the requested operations plus its
 * drift implementation over the table's DAO in one file, and an in-memory implementation for widget tests
 * in a second file, so the app's code never imports the test double.
 */
public final class RepositoryFeature implements Feature, ToolProvider {
  static final TemplateSpec REPOSITORY = new TemplateSpec("repository.drift", "Repository",
      "A repository interface with the requested operations and its drift implementation over the table's DAO, "
          + "with an optional TTL cache invalidated by writes and drift's table updates.",
      "repository/repository.dart", "lib/data/repositories", "{{sqlName}}_repository", "dart");
  static final TemplateSpec MEMORY = new TemplateSpec("repository.memory", "In-memory repository",
      "A plain-Dart, map-based implementation of the repository interface for widget tests.",
      "repository/repository_memory.dart", "lib/data/repositories", "{{sqlName}}_repository_memory", "dart");

  @Override
  public String id() {
    return "repository";
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(REPOSITORY, MEMORY);
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(RepositoryConfig.KEY);
  }

  @Override
  public List<ManifestProblem> validate(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    if (p.config(m, RepositoryConfig.KEY, new TypeReference<List<RepositoryConfig>>() {}).isEmpty()) return p.list();
    Set<String> seen = new HashSet<>();
    for (Args entry : p.entries(m, RepositoryConfig.KEY)) {
      p.read(() -> GenerateRepositoryTool.checkRecorded(m, entry)).filter(t -> !seen.add(t.name()))
          .ifPresent(t -> p.add(entry.field("table"), "table '" + t.name() + "' has a repository above already; keep one entry per table"));
    }
    return p.list();
  }

  @Override
  public List<Tool> tools() {
    return List.of(new GenerateRepositoryTool());
  }

  @Override
  public List<GeneratedFile> render(Manifest m, DatabaseSchema schema, Renderer renderer) {
    List<GeneratedFile> files = new ArrayList<>();
    List<DaoConfig> daos = DaoConfig.all(m);
    for (RepositoryConfig r : RepositoryConfig.all(m)) {
      Table t = schema.table(r.table()).orElseThrow(() -> new IllegalStateException(
          "features.repositories: table '" + r.table() + "' is not in the schema; remove its repository entry"));
      if (daos.stream().noneMatch(d -> d.table().equals(t.name()))) {
        throw new IllegalStateException("features.repositories: the repository of '" + t.name()
            + "' needs its DAO; add '- table: " + t.name() + "' under features.daos or call drift_generate_repository again");
      }
      Map<String, Object> ctx = context(m, t, r);
      files.add(managed(renderer, REPOSITORY, ctx));
      files.add(managed(renderer, MEMORY, ctx));
    }
    return files;
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

  static Map<String, Object> context(Manifest m, Table t, RepositoryConfig r) {
    Column pk = t.singlePrimaryKey().orElseThrow(() -> new IllegalStateException(
        "features.repositories: table '" + t.name() + "' needs a single-column primary key"));
    boolean create = r.has("create");
    boolean read = r.has("read");
    boolean update = r.has("update");
    boolean delete = r.has("delete");
    boolean list = r.has("list");
    boolean soft = t.softDelete();
    boolean intKey = "integer".equals(pk.type());

    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("package", m.project().name());
    ctx.put("sqlName", t.name());
    ctx.put("dataClass", t.dataClassName());
    ctx.put("companion", t.companionName());
    ctx.put("daoClass", t.className() + "Dao");
    ctx.put("tableGetter", t.dartGetter());
    ctx.put("interfaceName", interfaceName(t));
    ctx.put("driftName", driftName(t));
    ctx.put("memoryName", memoryName(t));
    ctx.put("operationsText", String.join(", ", r.operations()));
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("getter", pk.name());
    key.put("dartType", dartType(pk.type()));
    key.put("autoIncrement", pk.autoIncrement());
    ctx.put("key", key);
    ctx.put("intKey", intKey);
    for (String op : RepositoryConfig.OPERATIONS) ctx.put(op, r.has(op));
    ctx.put("streams", read || list);
    ctx.put("softDelete", soft);
    ctx.put("timestamps", t.timestamps());
    // A versioned table: the repository's updates advance the version too, so versioned writers see them.
    String versioning = m.get(FeatureKeys.VERSIONING).orElse(List.of()).stream()
        .filter(v -> v.table().equals(t.name())).map(Versioned::strategy).findFirst().orElse(null);
    boolean versioned = versioning != null && update;
    ctx.put("versioned", versioned);
    ctx.put("updateStatement", update && (soft || versioned));
    ctx.put("versionIncrement", versioned && "increment".equals(versioning));
    ctx.put("versionTimestamp", versioned && "timestamp".equals(versioning));

    // Without getById or list there is nothing to cache (the tool says so).
    boolean cache = r.includeCache() && (read || list);
    ctx.put("cache", cache);
    Map<String, Boolean> gap = new LinkedHashMap<>();
    boolean before = false;
    for (String op : List.of("read", "list", "create", "update", "delete")) {
      gap.put(op, before);
      before |= r.has(op);
    }
    ctx.put("gap", gap);
    ctx.put("ttlSeconds", r.cacheTTL());

    // repository.dart
    ctx.put("repoAsyncImport", cache);
    ctx.put("repoDriftImport", cache || (update && soft) || versioned);

    // repository_memory.dart: what the in-memory code needs, so that nothing unused is emitted
    List<Map<String, String>> columns = new ArrayList<>();
    boolean anyRequired = false;
    for (Column c : t.allColumns()) {
      String value = c.name().equals(pk.name()) ? "key" : valueOf(c, false);
      if (value.startsWith("_required(")) anyRequired = true;
      columns.add(Map.of("getter", c.name(), "value", value));
    }
    String keyValue = valueOf(pk, true);
    if (keyValue.startsWith("_required(")) anyRequired = true;
    ctx.put("columns", columns);
    boolean createNow = t.allColumns().stream().anyMatch(c -> "dateTime".equals(c.type()) && c.defaultValue() != null);
    ctx.put("createNow", createNow);
    ctx.put("needsUuid", create && t.allColumns().stream().anyMatch(c -> Column.UUID.equals(c.defaultValue())));
    ctx.put("keyValue", keyValue);
    ctx.put("keyUniqueLabel", DartCode.string("UNIQUE constraint failed: " + t.name() + "." + pk.sqlName()));
    boolean needsRequired = create && anyRequired;
    boolean needsWrite = update || (delete && soft);
    ctx.put("needsRequired", needsRequired);
    ctx.put("writes", create || update || delete);
    ctx.put("needsFind", read || update || (delete && soft));
    ctx.put("needsWrite", needsWrite);
    ctx.put("needsUnique", create || needsWrite);
    ctx.put("needsNextId", create && intKey);
    ctx.put("trackLastId", create && pk.autoIncrement());
    ctx.put("touch", needsWrite && t.timestamps());
    ctx.put("storedNow", (create && createNow) || (needsWrite && t.timestamps()));
    ctx.put("softDeleteWrite", delete && soft);
    ctx.put("memAsyncImport", read || list);
    ctx.put("memDriftImport", needsRequired || (delete && soft) || (versioned && !"vector-clock".equals(versioning)));
    ctx.put("uniqueChecks", uniqueChecks(t));
    return ctx;
  }

  /** The value of column {@code c} in a row built from the companion {@code entry}, as SQLite would store it. */
  static String valueOf(Column c, boolean isKey) {
    String v = "entry." + c.name();
    if (isKey && "integer".equals(c.type())) return v + ".present ? " + v + ".value : _nextId()";
    String absent = c.defaultValue() != null ? literal(c) : c.nullable() ? "null" : null;
    if (absent == null) return "_required(" + v + ", " + DartCode.string(c.name()) + ")";
    return v + ".present ? " + v + ".value : " + absent;
  }

  /** A column default as Dart: constants as literals; SQL's current time as the repository's clock. */
  static String literal(Column c) {
    Object v = c.defaultValue();
    return switch (c.type()) {
      case "dateTime" -> "now"; // one reading per insert, as SQLite's 'now' is one per statement
      case "text" -> Column.UUID.equals(v) ? "_uuid()" : DartCode.string(v.toString());
      case "integer" -> Long.toString(((Number) v).longValue());
      case "real" -> Double.toString(((Number) v).doubleValue());
      case "boolean" -> v.toString();
      default -> throw new IllegalArgumentException("no default for " + c.type() + " column " + c.name());
    };
  }

  /**
   * SQLite's UNIQUE constraints besides the primary key (unique columns, unique indexes), as conditions
   * on {@code row} and {@code other}. NULLs never collide, as in SQLite. Blob values have no value
   * equality in Dart, so constraints over blobs are left to the database.
   */
  static List<Map<String, String>> uniqueChecks(Table t) {
    List<List<String>> constraints = new ArrayList<>();
    for (Column c : t.allColumns()) if (c.unique() && !c.primaryKey()) constraints.add(List.of(c.name()));
    for (Table.Index index : t.indexes()) if (index.unique()) constraints.add(index.columns());
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> names : constraints) {
      List<Column> cols = names.stream().map(n -> t.column(n)).flatMap(Optional::stream).toList();
      if (cols.size() != names.size() || cols.stream().anyMatch(c -> "blob".equals(c.type()))) continue;
      String condition = cols.stream().map(c -> (c.nullable() ? "row." + c.name() + " != null && " : "")
          + "row." + c.name() + " == other." + c.name()).collect(Collectors.joining(" && "));
      String label = cols.stream().map(c -> t.name() + "." + c.sqlName()).collect(Collectors.joining(", "));
      out.add(Map.of("condition", condition, "label", DartCode.string("UNIQUE constraint failed: " + label)));
    }
    return out;
  }

  static String dartType(String type) {
    return switch (type) {
      case "integer" -> "int";
      case "text" -> "String";
      case "real" -> "double";
      case "dateTime" -> "DateTime";
      case "boolean" -> "bool";
      default -> "Uint8List";
    };
  }
}
