package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.ConfigTool;
import dev.driftsmith.tool.Params;

/** A tool that configures one part of sync: a project without sync gets it for every table first. */
abstract class SyncConfigTool<C> extends ConfigTool<C> {
  SyncConfigTool(About about, FeatureKey<C> key, Params own) {
    super(about, key, own);
  }

  @Override
  protected final Manifest prepare(Manifest current, Change change) throws ToolException {
    return SyncTools.ensureEnabled(current, change);
  }
}
