package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.JsonSchemas;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The compression level as a zlib level: a number 1–9, or one of the names that assistants which learned the
 * TypeScript offline-flutter-pwa-builder send. The manifest always stores the number, so a name and its
 * number give the same bytes.
 */
enum CompressionLevel {
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

  static List<String> labels() {
    return Arrays.stream(values()).map(CompressionLevel::label).toList();
  }

  /** "none = 0, fast = 1, …", for descriptions and messages. */
  static String mapping() {
    return String.join(", ", Arrays.stream(values()).map(l -> l.label() + " = " + l.zlibLevel).toList());
  }

  static Map<String, Object> schema() {
    return JsonSchemas.oneOf("zlib level: a whole number from " + MIN + " (fastest) to " + MAX + " (smallest), or a name ("
            + mapping() + ": none stores data as it is); default " + DEFAULT,
        List.<Map<String, Object>>of(Map.of("type", "integer", "minimum", MIN, "maximum", MAX),
            JsonSchemas.enumOf("a level by name", labels())));
  }

  /** The zlib level in field {@code name}: a number 1–9, or a name (then {@code notes} says which number). */
  static Optional<Integer> read(Args args, String name, List<String> notes) throws ToolException {
    JsonNode v = args.node().get(name);
    if (v == null || v.isNull()) return Optional.empty();
    if (v.isString()) {
      for (CompressionLevel level : values()) {
        if (level.label().equals(v.asString())) {
          notes.add("Compression level '" + level.label() + "' is zlib level " + level.zlibLevel
              + (level == NONE ? ": nothing is compressed, and data compressed earlier stays readable." : "."));
          return Optional.of(level.zlibLevel);
        }
      }
      throw new ToolException(args.field(name), "'" + v.asString() + "' is not a level name; use one of "
          + labels() + " or a whole number from " + MIN + " to " + MAX);
    }
    if (!v.isIntegralNumber() || v.asLong() < MIN || v.asLong() > MAX) {
      throw new ToolException(args.field(name), "must be a whole number from " + MIN + " to " + MAX + " or one of "
          + labels() + ", got " + v);
    }
    return Optional.of(v.asInt());
  }
}
