package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** A level of the sync queue; calls spell it in capitals (HIGH), the manifest in lower case (high). */
public enum PriorityLevel implements Wire {
  LOW("low"), NORMAL("normal"), HIGH("high"), CRITICAL("critical");

  private final String wire;

  PriorityLevel(String wire) {
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
