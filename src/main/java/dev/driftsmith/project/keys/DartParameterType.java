package dev.driftsmith.project.keys;

import dev.driftsmith.input.Wire;

/** The Dart type of a custom query's parameter, bound to one {@code ?} placeholder. */
public enum DartParameterType implements Wire {
  INT("int"), STRING("String"), BOOL("bool"), DOUBLE("double"), DATE_TIME("DateTime"), BYTES("Uint8List");

  private final String wire;

  DartParameterType(String wire) {
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
