package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** For a field changed here and on the server: which value partial sync keeps (merge: the conflict resolver decides per field). */
public enum PartialResolution implements Wire {
  SERVER_WINS("server-wins"), CLIENT_WINS("client-wins"), MERGE("merge");

  private final String wire;

  PartialResolution(String wire) {
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
