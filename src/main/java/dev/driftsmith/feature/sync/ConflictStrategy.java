package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** How sync settles a record changed both here and on the server. */
public enum ConflictStrategy implements Wire {
  SERVER_WINS("serverWins"), CLIENT_WINS("clientWins"), LAST_WRITE_WINS("lastWriteWins"), MERGE("merge"), MANUAL("manual");

  private final String wire;

  ConflictStrategy(String wire) {
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
