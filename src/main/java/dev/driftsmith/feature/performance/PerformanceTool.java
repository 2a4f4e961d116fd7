package dev.driftsmith.feature.performance;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.ConfigTool;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Tables;

/** A performance tool: its code is generated per table, so a project without tables is sent to drift_add_table. */
abstract class PerformanceTool<C> extends ConfigTool<C> {
  PerformanceTool(About about, FeatureKey<C> key, Params own) {
    super(about, key, own);
  }

  @Override
  protected final Manifest prepare(Manifest current, Change change) throws ToolException {
    Tables.requireSome(current);
    return current;
  }
}
