package dev.driftsmith.testing;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.feature.sync.PartialResolution;
import dev.driftsmith.feature.sync.PartialSyncConfig;
import dev.driftsmith.feature.sync.SyncSettings;
import dev.driftsmith.feature.sync.SyncedTable;
import dev.driftsmith.feature.sync.Tracking;
import dev.driftsmith.generate.Generator;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.schema.SqlSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Manifests built in code, and the database schema every feature computes for them, for SQL-level tests. */
public final class Schemas {
  private Schemas() {}

  public static final Generator GENERATOR = new Generator(Driftsmith.features(), new Renderer());

  public static SchemaSteps steps() {
    return GENERATOR.steps();
  }

  public static DatabaseSchema of(Manifest m) {
    return GENERATOR.schema().of(m);
  }

  public static List<String> freshInstall(Manifest m) {
    return SqlSchema.freshInstall(of(m));
  }

  /** A manifest of project {@code p} that declares {@code tables}, at version 1 with no history. */
  public static Manifest manifest(Table... tables) {
    Manifest empty = Manifest.create(new Manifest.ProjectInfo("p", "p", null, null, Manifest.Pwa.defaults()));
    return empty.withSchema(empty.schema().withTables(List.of(tables)));
  }

  /** {@code m} with {@code tables} synced too. */
  public static Manifest syncing(Manifest m, String... tables) {
    return m.with(FeatureKeys.SYNC, m.get(FeatureKeys.SYNC).orElse(SyncConfig.NONE).withTables(List.of(tables)));
  }

  /** {@code m} with partial sync on {@code table} ({@code strategy} as the tool takes it: field-level or column-bitmap). */
  public static Manifest tracking(Manifest m, String table, String strategy) {
    Tracking tracking;
    try {
      tracking = Wire.parse(Tracking.class, strategy, "trackingStrategy");
    } catch (ToolException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, Integer> bits = tracking == Tracking.COLUMN_BITMAP
        ? new SyncedTable(of(m).require(table), tracking, Map.of()).bits() : Map.of();
    List<PartialSyncConfig> partial = new ArrayList<>(PartialSyncConfig.all(m));
    partial.removeIf(p -> p.table().equals(table));
    partial.add(new PartialSyncConfig(table, tracking, PartialResolution.MERGE, bits));
    return m.with(PartialSyncConfig.KEY, partial);
  }

  /** A synced table of {@code m} as the sync SQL is built from it. */
  public static SyncedTable synced(Manifest m, String table) {
    return SyncSettings.synced(m, of(m), table);
  }

  /** {@code after} recorded as a step on top of {@code before}, as a tool records it. */
  public static Manifest record(Manifest before, Manifest after, String description) {
    try {
      return steps().record(before, after, description);
    } catch (ToolException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
