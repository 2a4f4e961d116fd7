package dev.driftsmith.feature.search;

import dev.driftsmith.input.Wire;

/** How FTS5 splits and stems words: English stemming ('running' finds 'run'), or words as written in any language. */
public enum SearchLanguage implements Wire {
  ENGLISH, PORTER, UNICODE61;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
