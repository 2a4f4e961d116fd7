package dev.driftsmith.feature.search;

import dev.driftsmith.input.Wire;

/** How FTS5 splits and stems words: English stemming ('running' finds 'run'), or words as written in any language. */
public enum SearchLanguage implements Wire {
  ENGLISH("english"), PORTER("porter"), UNICODE61("unicode61");

  private final String wire;

  SearchLanguage(String wire) {
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
