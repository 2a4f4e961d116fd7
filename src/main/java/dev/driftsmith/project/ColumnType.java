package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/**
 * A column's type as the manifest spells it; each maps onto one drift column builder, named as the
 * type is spelled ({@code dateTime()}), and the Dart type of its values.
 */
public enum ColumnType implements Wire {
  INTEGER("int", "IntColumn"),
  TEXT("String", "TextColumn"),
  REAL("double", "RealColumn"),
  BLOB("Uint8List", "BlobColumn"),
  BOOLEAN("bool", "BoolColumn"),
  DATE_TIME("DateTime", "DateTimeColumn");

  private final String dartType;
  private final String driftColumn;

  ColumnType(String dartType, String driftColumn) {
    this.dartType = dartType;
    this.driftColumn = driftColumn;
  }

  /** The Dart type of the column's values ({@code int}). */
  public String dartType() {
    return dartType;
  }

  /** The type of the column's getter in a drift Table class ({@code IntColumn}). */
  public String driftColumn() {
    return driftColumn;
  }

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
