package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** The cardinality of a relation: a foreign key (unique for oneToOne), or a junction table for manyToMany. */
public enum RelationType implements Wire {
  ONE_TO_ONE("oneToOne"), ONE_TO_MANY("oneToMany"), MANY_TO_MANY("manyToMany");

  private final String wire;

  RelationType(String wire) {
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
