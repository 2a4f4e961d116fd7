package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** Partial sync's change tracking: a JSON list of dirty column names, or a bitmap of them. */
public enum Tracking implements Wire {
  FIELD_LEVEL("field-level"), COLUMN_BITMAP("column-bitmap");

  private final String wire;

  Tracking(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
