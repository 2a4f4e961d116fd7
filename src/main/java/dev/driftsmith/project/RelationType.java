package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** The cardinality of a relation: a foreign key (unique for oneToOne), or a junction table for manyToMany. */
public enum RelationType implements Wire {
  ONE_TO_ONE, ONE_TO_MANY, MANY_TO_MANY;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
