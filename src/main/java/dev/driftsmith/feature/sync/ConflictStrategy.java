package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** How sync settles a record changed both here and on the server. */
public enum ConflictStrategy implements Wire {
  SERVER_WINS, CLIENT_WINS, LAST_WRITE_WINS, MERGE, MANUAL;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
