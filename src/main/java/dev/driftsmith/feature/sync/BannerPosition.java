package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** Where the offline banner shows. */
public enum BannerPosition implements Wire {
  TOP("top"), BOTTOM("bottom");

  private final String wire;

  BannerPosition(String wire) {
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
