package dev.driftsmith.feature.versioning;

import dev.driftsmith.input.Wire;

/** What a versioned write does when the row changed since it was read: throw, re-read and retry, or write anyway (logged). */
public enum ConflictBehavior implements Wire {
  REJECT("reject"), MERGE("merge"), FORCE_UPDATE("force-update");

  private final String wire;

  ConflictBehavior(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
