package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** Which side's value of one field wins when records are merged. */
public enum FieldStrategy implements Wire {
  SERVER_WINS, CLIENT_WINS;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
