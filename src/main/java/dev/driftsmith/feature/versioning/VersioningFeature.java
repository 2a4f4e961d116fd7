package dev.driftsmith.feature.versioning;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.project.keys.Versioned;
import dev.driftsmith.render.NoContext;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
  static final List<String> STRATEGIES = List.of("increment", "timestamp", "vector-clock");
  static final List<String> BEHAVIORS = List.of("reject", "merge", "force-update");
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
                          String getter, String pkType, String pk, String versionType, boolean vectorClock, String strategy,
                          String behavior, boolean reject, boolean merge, boolean force, String nextVersion) {}

  /** vector_clock.dart: the three clock queries. */
  record ClockContext(String compare, String merge, String increment) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.each(VERSIONED, in -> all(in.manifest()), (in, v) -> context(in.manifest(), in.schema().require(v.table()), v)),
      FeatureTemplate.when(CONFLICT, in -> !all(in.manifest()).isEmpty(), in -> new NoContext()),
      FeatureTemplate.when(CLOCK, in -> all(in.manifest()).stream().anyMatch(v -> v.strategy().equals("vector-clock")),
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
    return List.of(new AddVersioning());
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
        AddVersioning.checkKey(t, field);
        String strategy = entry.enumValue("strategy", STRATEGIES, null);
        entry.enumValue("conflictBehavior", BEHAVIORS, null);
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

  static VersionedContext context(Manifest m, Table t, Versioned v) {
    Column pk = t.singlePrimaryKey().orElseThrow();
    boolean vectorClock = v.strategy().equals("vector-clock");
    String behavior = v.conflictBehavior();
    return new VersionedContext(m.project().name(), t.name(), t.className(), t.dataClassName(), t.companionName(),
        t.dartGetter(), dartType(pk.type()), pk.name(), vectorClock ? "String" : "int", vectorClock, v.strategy(),
        camel(behavior), behavior.equals("reject"), behavior.equals("merge"), behavior.equals("force-update"),
        VersionSql.next(v.strategy()));
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
      case "increment" -> new Column("version", "integer", false, false, false, false, 1L, null);
      case "timestamp" -> new Column("version", "integer", false, false, false, false, 0L, null);
      default -> new Column("version", "text", false, false, false, false, "{}", null);
    };
  }

  static final class AddVersioning extends NamedManifestTool {
    AddVersioning() {
      super("drift_add_versioning",
          "Versioned entities: a version column (counter, epoch-millisecond timestamp or vector clock) and updateWithVersion on the DAO that refuses, merges or forces a write when the row changed since it was read.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("tables", JsonSchemas.arrayOf(JsonSchemas.string("table name"), "tables to version (each gets a version column)"));
      s.required("strategy", JsonSchemas.enumOf("increment: a counter; timestamp: epoch milliseconds; vector-clock: a JSON map of device → counter", STRATEGIES));
      s.required("conflictBehavior", JsonSchemas.enumOf("when the row changed since it was read: reject (throw), merge (re-read and retry), force-update (write anyway, logged)", BEHAVIORS));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Tables.requireSome(m);
      List<String> names = args.strings("tables", true);
      if (names.isEmpty()) throw new ToolException(args.field("tables"), "name at least one table");
      String strategy = args.enumValue("strategy", STRATEGIES, null);
      String behavior = args.enumValue("conflictBehavior", BEHAVIORS, null);
      Map<String, Versioned> configs = new LinkedHashMap<>();
      for (Versioned v : all(m)) configs.put(v.table(), v);
      Set<String> fresh = new LinkedHashSet<>();
      for (int i = 0; i < names.size(); i++) {
        String field = args.field("tables") + "[" + i + "]";
        Table t = Tables.require(m, field, names.get(i));
        checkKey(t, field);
        Versioned existing = configs.get(t.name());
        if (existing != null && !existing.strategy().equals(strategy)) {
          throw new ToolException(args.field("strategy"), "table '" + t.name() + "' is already versioned with '" + existing.strategy()
              + "'; changing the version column's meaning needs a data migration: keep '" + existing.strategy() + "'");
        }
        if (existing == null && t.column("version").isPresent()) {
          throw new ToolException(field, "table '" + t.name() + "' already has a column named version; rename it first");
        }
        if (existing == null) fresh.add(t.name());
        configs.put(t.name(), new Versioned(t.name(), strategy, behavior));
      }
      // The version travels with the row, so versioned tables sync.
      SyncConfig sync = m.get(FeatureKeys.SYNC).orElse(SyncConfig.NONE);
      List<String> unsynced = names.stream().distinct().filter(n -> !sync.tables().contains(n)).toList();
      Manifest next = m;
      if (!unsynced.isEmpty()) {
        next = next.with(FeatureKeys.SYNC, sync.withTables(unsynced));
        notes.add("Added to sync (as drift_enable_sync would): " + String.join(", ", unsynced) + ".");
      }
      for (String table : configs.keySet()) {
        if (DaoConfig.all(next).stream().noneMatch(d -> d.table().equals(table))) {
          next = DaoConfig.put(next, new DaoConfig(table, List.of()));
          notes.add("Generated the DAO for '" + table + "' (updateWithVersion extends it).");
        }
      }
      List<Versioned> sorted = new ArrayList<>(configs.values());
      sorted.sort(java.util.Comparator.comparing(Versioned::table));
      next = next.with(FeatureKeys.VERSIONING, sorted);
      return change.record(m, next, "versioning (" + strategy + ") " + String.join(", ", fresh.isEmpty() ? names : fresh));
    }

    static void checkKey(Table t, String field) throws ToolException {
      if (t.singlePrimaryKey().isEmpty() || !Set.of("integer", "text").contains(t.singlePrimaryKey().get().type())) {
        throw new ToolException(field, "table '" + t.name() + "' needs a single integer or text primary key for id-based versioned updates");
      }
    }
  }
}
