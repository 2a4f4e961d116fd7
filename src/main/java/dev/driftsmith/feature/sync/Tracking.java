package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** Partial sync's change tracking: a JSON list of dirty column names, or a bitmap of them. */
public enum Tracking implements Wire.Dashed {
  FIELD_LEVEL, COLUMN_BITMAP;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
