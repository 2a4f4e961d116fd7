package dev.driftsmith.feature.versioning;

import dev.driftsmith.input.Wire;

/** What a version column holds: a counter, epoch milliseconds, or a JSON vector clock of device → counter. */
public enum VersioningStrategy implements Wire {
  INCREMENT("increment"), TIMESTAMP("timestamp"), VECTOR_CLOCK("vector-clock");

  private final String wire;

  VersioningStrategy(String wire) {
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
