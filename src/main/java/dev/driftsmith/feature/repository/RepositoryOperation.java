package dev.driftsmith.feature.repository;

import dev.driftsmith.input.Wire;

/** An operation a repository interface declares. */
public enum RepositoryOperation implements Wire {
  /** Insert a companion, returning the key. */
  CREATE("create"),
  /** getById and watchById. */
  READ("read"),
  /** Write a companion's present fields to one row. */
  UPDATE("update"),
  /** By key (a soft delete on soft-delete tables). */
  DELETE("delete"),
  /** Every row by key, and watchAll. */
  LIST("list");

  private final String wire;

  RepositoryOperation(String wire) {
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
