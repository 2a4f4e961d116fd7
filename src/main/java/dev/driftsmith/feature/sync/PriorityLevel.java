package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** A level of the sync queue; calls spell it in capitals (HIGH), the manifest in lower case (high). */
public enum PriorityLevel implements Wire {
  LOW, NORMAL, HIGH, CRITICAL;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
