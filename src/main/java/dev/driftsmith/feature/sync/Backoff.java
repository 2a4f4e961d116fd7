package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** The delays between failed sync attempts. */
public enum Backoff implements Wire {
  FIXED, EXPONENTIAL_BACKOFF, LINEAR_BACKOFF, FIBONACCI_BACKOFF;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
