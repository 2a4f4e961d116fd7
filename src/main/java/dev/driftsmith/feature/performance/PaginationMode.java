package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;

/** How a page query finds the next page: by position, by an opaque token, or by the last row's key. */
public enum PaginationMode implements Wire {
  OFFSET, CURSOR, KEYSET;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
