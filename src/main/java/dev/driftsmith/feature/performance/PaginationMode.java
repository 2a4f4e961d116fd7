package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;

/** How a page query finds the next page: by position, by an opaque token, or by the last row's key. */
public enum PaginationMode implements Wire {
  OFFSET, CURSOR, KEYSET
}
