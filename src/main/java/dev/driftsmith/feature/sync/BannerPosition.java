package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** Where the offline banner shows. */
public enum BannerPosition implements Wire {
  TOP, BOTTOM;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
