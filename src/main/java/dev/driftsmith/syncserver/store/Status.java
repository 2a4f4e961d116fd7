package dev.driftsmith.syncserver.store;

import java.util.Locale;

/** The answer to one pushed operation. */
public enum Status {
  /** Stored; the record has a new version. */
  APPLIED,
  /** Not applied: the record is not at the version the change was made on. */
  CONFLICT,
  /** Never accepted (malformed, or someone else's record). */
  REJECTED,
  /** Could not be applied now; the client sends it again later. */
  RETRY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Applied and rejected answers use up their op id: a repeat of it gets the same answer. */
  public boolean isFinal() {
    return this == APPLIED || this == REJECTED;
  }
}
