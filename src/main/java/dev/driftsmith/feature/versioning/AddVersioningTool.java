package dev.driftsmith.feature.versioning;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.ConflictBehavior;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.project.keys.VersioningConfig;
import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** drift_add_versioning: a version column per table and updateWithVersion on its DAO. */
final class AddVersioningTool extends FeatureTool {
  static final About ABOUT = new About("drift_add_versioning", "Add versioning",
      "Versioned rows: a version column and updateWithVersion, which rejects, merges or forces a stale write.",
      Hints.GENERATES);
  static final Param<List<Table>> TABLES = Param.tables("tables").required().nonEmpty("name at least one table");
  static final Param<VersioningStrategy> STRATEGY = Param.choice("strategy", VersioningStrategy.class).required();
  static final Param<ConflictBehavior> BEHAVIOR = Param.choice("conflictBehavior", ConflictBehavior.class).required();

  AddVersioningTool() {
    super(ABOUT, Params.of(TABLES, STRATEGY, BEHAVIOR));
  }

  @Override
  protected boolean onExistingTables() {
    return true;
  }

  @Override
  protected Manifest change(Manifest m, Values values, Change change) throws ToolException {
    List<Table> tables = values.get(TABLES);
    List<String> names = tables.stream().map(Table::name).toList();
    VersioningStrategy strategy = values.get(STRATEGY);
    ConflictBehavior behavior = values.get(BEHAVIOR);
    Map<String, VersioningConfig> configs = new LinkedHashMap<>();
    for (VersioningConfig v : VersioningFeature.all(m)) configs.put(v.table(), v);
    Set<String> fresh = new LinkedHashSet<>();
    for (int i = 0; i < tables.size(); i++) {
      String field = values.field(TABLES) + "[" + i + "]";
      Table t = tables.get(i);
      checkKey(t, field);
      VersioningConfig existing = configs.get(t.name());
      if (existing != null && existing.strategy() != strategy) {
        throw new ToolException(values.field(STRATEGY), "table '" + t.name() + "' is already versioned with '" + existing.strategy()
            + "'; changing the version column's meaning needs a data migration: keep '" + existing.strategy() + "'");
      }
      if (existing == null && t.column("version").isPresent()) {
        throw new ToolException(field, "table '" + t.name() + "' already has a column named version; rename it first");
      }
      if (existing == null) fresh.add(t.name());
      configs.put(t.name(), new VersioningConfig(t.name(), strategy, behavior));
    }
    // The version travels with the row, so versioned tables sync.
    SyncConfig sync = m.get(FeatureKeys.SYNC).orElse(SyncConfig.NONE);
    List<String> unsynced = names.stream().distinct().filter(n -> !sync.tables().contains(n)).toList();
    Manifest next = m;
    if (!unsynced.isEmpty()) {
      next = next.with(FeatureKeys.SYNC, sync.withTables(unsynced));
      change.note("Added to sync (as drift_enable_sync would): " + String.join(", ", unsynced) + ".");
    }
    for (String table : configs.keySet()) {
      if (DaoConfig.all(next).stream().noneMatch(d -> d.table().equals(table))) {
        next = DaoConfig.put(next, new DaoConfig(table, List.of()));
        change.note("Generated the DAO for '" + table + "' (updateWithVersion extends it).");
      }
    }
    List<VersioningConfig> sorted = new ArrayList<>(configs.values());
    sorted.sort(Comparator.comparing(VersioningConfig::table));
    next = next.with(FeatureKeys.VERSIONING, sorted);
    return change.record(m, next, "versioning (" + strategy + ") " + String.join(", ", fresh.isEmpty() ? names : fresh));
  }

  static void checkKey(Table t, String field) throws ToolException {
    if (t.singlePrimaryKey().isEmpty() || !EnumSet.of(ColumnType.INTEGER, ColumnType.TEXT).contains(t.singlePrimaryKey().get().type())) {
      throw new ToolException(field, "table '" + t.name() + "' needs a single integer or text primary key for id-based versioned updates");
    }
  }
}
