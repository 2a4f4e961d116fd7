package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** A column's type as the manifest spells it; each maps onto one drift column builder. */
public enum ColumnType implements Wire {
  INTEGER("integer"), TEXT("text"), REAL("real"), BLOB("blob"), BOOLEAN("boolean"), DATE_TIME("dateTime");

  private final String wire;

  ColumnType(String wire) {
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
