package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;
import java.util.Arrays;
import java.util.Locale;

/**
 * The compression level as a zlib level: a number 1–9, or one of the names that assistants which learned the
 * TypeScript offline-flutter-pwa-builder send. The manifest always stores the number, so a name and its
 * number give the same bytes.
 */
enum CompressionLevel implements Wire {
  /** Level 0: nothing is compressed; data stays readable by {@code decompress}/{@code unpack}. */
  NONE(0),
  FAST(1),
  LOW(3),
  /** zlib's own default. */
  MEDIUM(6),
  HIGH(9);

  static final int MIN = 1;
  static final int MAX = 9;
  static final int DEFAULT = MEDIUM.zlibLevel;

  final int zlibLevel;

  CompressionLevel(int zlibLevel) {
    this.zlibLevel = zlibLevel;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String wire() {
    return label();
  }

  /** "none = 0, fast = 1, …", for descriptions and messages. */
  static String mapping() {
    return String.join(", ", Arrays.stream(values()).map(l -> l.label() + " = " + l.zlibLevel).toList());
  }
}
