package dev.driftsmith.project.keys;

import dev.driftsmith.input.Wire;

/** What a versioned write does when the row changed since it was read: throw, re-read and retry, or write anyway (logged). */
public enum ConflictBehavior implements Wire.Dashed {
  REJECT, MERGE, FORCE_UPDATE;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
