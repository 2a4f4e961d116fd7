package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** Which side's value of one field wins when records are merged. */
public enum FieldStrategy implements Wire {
  SERVER_WINS("serverWins"), CLIENT_WINS("clientWins");

  private final String wire;

  FieldStrategy(String wire) {
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
