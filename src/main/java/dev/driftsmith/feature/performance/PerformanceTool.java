package dev.driftsmith.feature.performance;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.ConfigTool;
import dev.driftsmith.tool.Params;

/** A performance tool: its code is generated per table, so a project without tables is sent to drift_add_table. */
abstract class PerformanceTool<C> extends ConfigTool<C> {
  PerformanceTool(About about, FeatureKey<C> key, Params own) {
    super(about, key, own);
  }

  @Override
  protected final boolean onExistingTables() {
    return true;
  }
}
