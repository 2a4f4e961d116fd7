package dev.driftsmith.feature.versioning;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
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
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.type.TypeReference;

/**
 * Template 13, versioned entities: a {@code version} column per table and a guarded
 * {@code updateWithVersion} on the table's DAO that fails (or merges, or forces) when the row moved on.
 */
public final class VersioningFeature implements Feature, ToolProvider {
  static final String KEY = "versioning";
  static final TemplateSpec VERSIONED = new TemplateSpec("versioning.dao", "Versioned writes",
      "updateWithVersion on the table's DAO: one UPDATE guarded by the version it read, advancing it in SQL.",
      "versioning/versioned.dart", "lib/data/versioning", "{{sqlName}}_versioning", "dart");
  static final TemplateSpec CONFLICT = new TemplateSpec("versioning.conflict", "Version conflict",
      "The exception a versioned write throws when the row moved on.", "versioning/version_conflict.dart", "lib/data/versioning", "version_conflict", "dart");
  static final TemplateSpec CLOCK = new TemplateSpec("versioning.clock", "Vector clocks",
      "Compare, merge and increment vector clocks in SQLite.", "versioning/vector_clock.dart", "lib/data/versioning", "vector_clock", "dart");


  @Override
  public String id() {
    return KEY;
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(VERSIONED, CONFLICT, CLOCK);
  }

  @Override
  public List<Tool> tools() {
    return List.of(new AddVersioningTool());
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(KEY);
  }

  /**
   * Each versioned table as drift_add_versioning leaves it: a single integer or text key, the
   * version column of its strategy, in sync, and with the DAO that updateWithVersion extends.
   */
  @Override
  public List<ManifestProblem> validate(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    if (p.config(m, KEY, new TypeReference<List<Versioned>>() {}).isEmpty()) return p.list();
    Set<String> seen = new java.util.HashSet<>();
    for (Args entry : p.entries(m, KEY)) {
      p.check(() -> {
        String field = entry.field("table");
        Table t = Tables.require(m, field, entry.string("table"));
        if (!seen.add(t.name())) throw new ToolException(field, "table '" + t.name() + "' is listed twice; keep one entry");
        AddVersioningTool.checkKey(t, field);
        String strategy = entry.enumValue("strategy", Wire.values(VersioningStrategy.class), null);
        entry.enumValue("conflictBehavior", Wire.values(ConflictBehavior.class), null);
        if (t.column("version").isPresent()) {
          throw new ToolException(field, "table '" + t.name() + "' declares a column named version, which versioning adds; "
              + "rename the declared one");
        }
        if (!m.get(FeatureKeys.SYNC).map(sync -> sync.tables().contains(t.name())).orElse(false)) {
          throw new ToolException(field, "table '" + t.name() + "' does not sync, but versioned tables do (drift_add_versioning "
              + "added it to sync); restore it in features.sync.tables, or remove this entry");
        }
        if (DaoConfig.all(m).stream().noneMatch(d -> d.table().equals(t.name()))) {
          throw new ToolException(field, "table '" + t.name() + "' has no DAO, which updateWithVersion extends; add {table: " + t.name() + "} to features.daos");
        }
      });
    }
    return p.list();
  }

  static List<Versioned> all(Manifest m) {
    return m.get(FeatureKeys.VERSIONING).orElse(List.of());
  }

  /** The version column of each versioned table; a table's strategy never changes once recorded. */
  @Override
  public Optional<SchemaContributor> schemaContribution() {
    return Optional.of(new SchemaContributor() {
      @Override
      public List<Column> columns(Manifest m, Table declared) {
        return all(m).stream().filter(v -> v.table().equals(declared.name())).map(v -> versionColumn(v.strategy())).toList();
      }
    });
  }

  @Override
  public List<GeneratedFile> render(Manifest m, DatabaseSchema schema, Renderer renderer) {
    List<GeneratedFile> files = new ArrayList<>();
    boolean clocks = false;
    if (!all(m).isEmpty()) files.add(managed(renderer, CONFLICT, Map.of()));
    for (Versioned v : all(m)) {
      Table t = schema.require(v.table());
      files.add(managed(renderer, VERSIONED, context(m, t, v)));
      clocks |= v.strategy().equals("vector-clock");
    }
    if (clocks) {
      Map<String, Object> ctx = new LinkedHashMap<>();
      ctx.put("package", m.project().name());
      ctx.put("compare", DartCode.string(VersionSql.COMPARE_CLOCKS));
      ctx.put("merge", DartCode.string(VersionSql.MERGE_CLOCKS));
      ctx.put("increment", DartCode.string(VersionSql.INCREMENT_CLOCK));
      files.add(managed(renderer, CLOCK, ctx));
    }
    return files;
  }

  static Map<String, Object> context(Manifest m, Table t, Versioned v) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    String pkg = m.project().name();
    ctx.put("package", pkg);
    ctx.put("sqlName", t.name());
    ctx.put("className", t.className());
    ctx.put("dataClass", t.dataClassName());
    ctx.put("companion", t.companionName());
    ctx.put("getter", t.dartGetter());
    Column pk = t.singlePrimaryKey().orElseThrow();
    ctx.put("pkType", dartType(pk.type()));
    ctx.put("pk", pk.name());
    ctx.put("versionType", v.strategy().equals("vector-clock") ? "String" : "int");
    ctx.put("vectorClock", v.strategy().equals("vector-clock"));
    ctx.put("strategy", v.strategy());
    ctx.put("behavior", camel(v.conflictBehavior()));
    ctx.put("reject", v.conflictBehavior().equals("reject"));
    ctx.put("merge", v.conflictBehavior().equals("merge"));
    ctx.put("force", v.conflictBehavior().equals("force-update"));
    // Only a merge compares clocks; the other behaviors just write the next one, computed in SQL.
    ctx.put("comparesClocks", v.strategy().equals("vector-clock") && v.conflictBehavior().equals("merge"));
    ctx.put("nextVersion", DartCode.string(VersionSql.next(v.strategy())));
    return ctx;
  }

  static String dartType(String type) {
    return switch (type) {
      case "integer" -> "int";
      case "text" -> "String";
      default -> throw new IllegalArgumentException(type);
    };
  }

  static String camel(String dashed) {
    return dev.driftsmith.project.Names.camelCase(dashed.replace('-', '_'));
  }

  /** The version column each strategy adds: a counter, epoch milliseconds, or a JSON vector clock. */
  static Column versionColumn(String strategy) {
    return switch (strategy) {
      case "increment" -> Column.of("version", ColumnType.INTEGER).withDefault(1L);
      case "timestamp" -> Column.of("version", ColumnType.INTEGER).withDefault(0L);
      default -> Column.of("version", ColumnType.TEXT).withDefault("{}");
    };
  }
}
