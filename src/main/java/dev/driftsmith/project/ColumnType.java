package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** A column's type as the manifest spells it; each maps onto one drift column builder. */
public enum ColumnType implements Wire {
  INTEGER, TEXT, REAL, BLOB, BOOLEAN, DATE_TIME
}
