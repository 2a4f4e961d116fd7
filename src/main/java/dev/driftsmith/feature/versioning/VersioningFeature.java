package dev.driftsmith.feature.versioning;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.ConflictBehavior;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.VersioningConfig;
import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.render.NoContext;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.type.TypeReference;

/**
 * Versioned entities: a {@code version} column per table and a guarded {@code updateWithVersion} on
 * the table's DAO that fails (or merges, or forces) when the row moved on.
 */
public final class VersioningFeature implements Feature, ToolProvider {
  static final String KEY = "versioning";
  static final TemplateSpec VERSIONED = TemplateSpec.of("versioning.dao", "Versioned writes", "versioning/versioned.dart",
      "lib/data/versioning", "updateWithVersion on the table's DAO: one UPDATE guarded by the version it read, advancing it in SQL.")
      .withFileName("{{sqlName}}_versioning");
  static final TemplateSpec CONFLICT = TemplateSpec.of("versioning.conflict", "Version conflict", "versioning/version_conflict.dart",
      "lib/data/versioning", "The exception a versioned write throws when the row moved on.");
  static final TemplateSpec CLOCK = TemplateSpec.of("versioning.clock", "Vector clocks", "versioning/vector_clock.dart",
      "lib/data/versioning", "Compare, merge and increment vector clocks in SQLite.");

  /**
   * A versioned table's updateWithVersion, for one strategy and one conflict behavior
   * ({@code reject}, {@code merge}, {@code force}: exactly one is true). {@code nextVersion} is the SQL
   * expression that advances the version.
   */
  record VersionedContext(String packageName, String sqlName, String className, String dataClass, String companion,
                          String getter, String pkType, String pk, String versionType, boolean vectorClock, VersioningStrategy strategy,
                          String behavior, boolean reject, boolean merge, boolean force, String nextVersion) {}

  /** vector_clock.dart: the three clock queries. */
  record ClockContext(String compare, String merge, String increment) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.each(VERSIONED, in -> all(in.manifest()), (in, v) -> context(in.manifest(), in.schema().require(v.table()), v)),
      FeatureTemplate.when(CONFLICT, in -> !all(in.manifest()).isEmpty(), in -> new NoContext()),
      FeatureTemplate.when(CLOCK, in -> all(in.manifest()).stream().anyMatch(v -> v.strategy() == VersioningStrategy.VECTOR_CLOCK),
          in -> new ClockContext(VersionSql.COMPARE_CLOCKS, VersionSql.MERGE_CLOCKS, VersionSql.INCREMENT_CLOCK)));

  @Override
  public String id() {
    return KEY;
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
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
    if (p.config(m, KEY, new TypeReference<List<VersioningConfig>>() {}).isEmpty()) return p.list();
    Set<String> seen = new java.util.HashSet<>();
    for (Args entry : p.entries(m, KEY)) {
      p.check(() -> {
        String field = entry.field("table");
        Table t = Tables.require(m, field, entry.string("table"));
        if (!seen.add(t.name())) throw new ToolException(field, "table '" + t.name() + "' is listed twice; keep one entry");
        AddVersioningTool.checkKey(t, field);
        // A value that is none of the names failed the typed read above; one left out fails here.
        entry.enumValue("strategy", Wire.values(VersioningStrategy.class), null);
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

  static List<VersioningConfig> all(Manifest m) {
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

  static VersionedContext context(Manifest m, Table t, VersioningConfig v) {
    Column pk = t.singlePrimaryKey().orElseThrow();
    boolean vectorClock = v.strategy() == VersioningStrategy.VECTOR_CLOCK;
    ConflictBehavior behavior = v.conflictBehavior();
    return new VersionedContext(m.project().name(), t.name(), t.className(), t.dataClassName(), t.companionName(),
        t.dartGetter(), pk.type().dartType(), pk.name(), vectorClock ? "String" : "int", vectorClock, v.strategy(),
        Names.camelCase(behavior.wire()), behavior == ConflictBehavior.REJECT, behavior == ConflictBehavior.MERGE,
        behavior == ConflictBehavior.FORCE_UPDATE,
        VersionSql.next(v.strategy()));
  }

  /** The version column each strategy adds: a counter, epoch milliseconds, or a JSON vector clock. */
  static Column versionColumn(VersioningStrategy strategy) {
    return switch (strategy) {
      case INCREMENT -> Column.of("version", ColumnType.INTEGER).withDefault(1L);
      case TIMESTAMP -> Column.of("version", ColumnType.INTEGER).withDefault(0L);
      case VECTOR_CLOCK -> Column.of("version", ColumnType.TEXT).withDefault("{}");
    };
  }
}
