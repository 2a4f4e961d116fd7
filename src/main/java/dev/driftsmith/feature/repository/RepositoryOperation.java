package dev.driftsmith.feature.repository;

import dev.driftsmith.input.Wire;

/** An operation a repository interface declares. */
public enum RepositoryOperation implements Wire {
  /** Insert a companion, returning the key. */
  CREATE,
  /** getById and watchById. */
  READ,
  /** Write a companion's present fields to one row. */
  UPDATE,
  /** By key (a soft delete on soft-delete tables). */
  DELETE,
  /** Every row by key, and watchAll. */
  LIST;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
