package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** For a field changed here and on the server: which value partial sync keeps (merge: the conflict resolver decides per field). */
public enum PartialResolution implements Wire.Dashed {
  SERVER_WINS, CLIENT_WINS, MERGE;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
