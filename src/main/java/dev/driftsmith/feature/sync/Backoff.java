package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** The delays between failed sync attempts. */
public enum Backoff implements Wire {
  FIXED("fixed"), EXPONENTIAL("exponentialBackoff"), LINEAR("linearBackoff"), FIBONACCI("fibonacciBackoff");

  private final String wire;

  Backoff(String wire) {
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
