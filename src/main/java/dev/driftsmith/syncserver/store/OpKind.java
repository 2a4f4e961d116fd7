package dev.driftsmith.syncserver.store;

import java.util.Locale;
import java.util.Optional;

/** What a pushed operation does to its record. */
public enum OpKind {
  INSERT, UPDATE, DELETE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OpKind> fromWire(String text) {
    for (OpKind kind : values()) if (kind.wire().equals(text)) return Optional.of(kind);
    return Optional.empty();
  }
}
