package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** What a foreign key does when the parent row is deleted or its key updated (drift's KeyAction). */
public enum KeyAction implements Wire {
  CASCADE("cascade"), RESTRICT("restrict"), SET_NULL("setNull"), SET_DEFAULT("setDefault"), NO_ACTION("noAction");

  private final String wire;

  KeyAction(String wire) {
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
