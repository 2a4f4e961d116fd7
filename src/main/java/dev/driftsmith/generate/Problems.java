package dev.driftsmith.generate;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestErrors;
import dev.driftsmith.project.ManifestProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problems a feature finds in its part of a manifest. Each check is one of the tools' own
 * checks, which throw {@link ToolException} at the first bad value; here a throw becomes one
 * problem and the walk goes on, so a hand edit with three mistakes hears about all three.
 */
public final class Problems {
  /** A check that throws {@link ToolException} for a bad value. */
  @FunctionalInterface
  public interface Check {
    void run() throws ToolException;
  }

  /** A check that also returns what it read. */
  @FunctionalInterface
  public interface Read<T> {
    T run() throws ToolException;
  }

  /**
   * Feature configurations are stored as plain maps; read strictly, so a misspelt or missing
   * setting is a problem here rather than a default or a crash in a template. Two readers, because
   * Jackson reports a missing setting before an unknown one, and a misspelt name is the better news.
   */
  private static final JsonMapper KNOWN_FIELDS = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // An enum setting is read by its wire name only, never by its position among the names.
      .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  private static final JsonMapper COMPLETE = KNOWN_FIELDS.rebuild()
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private final List<ManifestProblem> found = new ArrayList<>();

  /** Runs {@code check}; true when it passed. */
  public boolean check(Check check) {
    return read(() -> {
      check.run();
      return Boolean.TRUE;
    }).isPresent();
  }

  /** Runs {@code read}; empty (and one more problem) when it threw. */
  public <T> Optional<T> read(Read<T> read) {
    try {
      return Optional.ofNullable(read.run());
    } catch (ToolException e) {
      found.add(of(e));
      return Optional.empty();
    }
  }

  public void add(String field, String message) {
    found.add(new ManifestProblem(field, message));
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  public List<ManifestProblem> list() {
    return List.copyOf(found);
  }

  /** A check of a stored configuration, read as its tool reads its arguments. */
  @FunctionalInterface
  public interface StoredCheck {
    void run(Args stored) throws ToolException;
  }

  /**
   * Checks {@code features.<key>} when it is configured: it must convert to {@code type} (no
   * unknown or missing settings, no wrong kinds of value), then pass {@code check}, which reads
   * it with the tool's own argument rules, so ranges and references are checked exactly once.
   */
  public void stored(Manifest m, String key, Class<?> type, StoredCheck check) {
    if (config(m, key, type).isEmpty()) return;
    check(() -> check.run(Args.at("features." + key, m.feature(key).orElseThrow())));
  }

  /** The entries of the list under {@code features.<key>}, each read as tool arguments named {@code features.<key>[i]}. */
  public List<Args> entries(Manifest m, String key) {
    return read(() -> Args.at("features", m.features()).objects(key, false)).orElse(List.of());
  }

  /** {@code features.<key>} as {@code type}; empty when the feature is not configured or does not convert. */
  public <T> Optional<T> config(Manifest m, String key, Class<T> type) {
    return m.feature(key).flatMap(raw -> convert(key, () -> KNOWN_FIELDS.convertValue(raw, type))
        .flatMap(known -> convert(key, () -> COMPLETE.convertValue(raw, type))));
  }

  /** As {@link #config(Manifest, String, Class)}, for generic types such as a list of records. */
  public <T> Optional<T> config(Manifest m, String key, TypeReference<T> type) {
    return m.feature(key).flatMap(raw -> convert(key, () -> KNOWN_FIELDS.convertValue(raw, type))
        .flatMap(known -> convert(key, () -> COMPLETE.convertValue(raw, type))));
  }

  private <T> Optional<T> convert(String key, java.util.function.Supplier<T> conversion) {
    try {
      return Optional.ofNullable(conversion.get());
    } catch (JacksonException e) {
      found.add(ManifestErrors.describe(e, "features." + key));
      return Optional.empty();
    }
  }

  /** A tool's refusal as a problem: its field, and its message without the field in front. */
  static ManifestProblem of(ToolException e) {
    String field = e.field() == null ? "schema" : e.field();
    String message = e.field() == null ? e.getMessage() : e.getMessage().substring(e.field().length() + 2);
    return new ManifestProblem(field, message);
  }
}
