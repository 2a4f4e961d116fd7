package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** What a foreign key does when the parent row is deleted or its key updated (drift's KeyAction). */
public enum KeyAction implements Wire {
  CASCADE, RESTRICT, SET_NULL, SET_DEFAULT, NO_ACTION;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
