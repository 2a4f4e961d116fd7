package dev.driftsmith.project.keys;

import dev.driftsmith.input.Wire;

/** What a version column holds: a counter, epoch milliseconds, or a JSON vector clock of device → counter. */
public enum VersioningStrategy implements Wire.Dashed {
  INCREMENT, TIMESTAMP, VECTOR_CLOCK;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
