package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Reads and writes {@code driftsmith.yaml}. Output is deterministic: same manifest, same bytes. */
public final class ManifestIo {
  private ManifestIo() {}

  public static final ObjectMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // An enum is read by its wire name only: `type: 1` is a mistake, not the second column type.
      .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .addHandler(WireValueProblems.INSTANCE)
      // Absent rather than null; flags and empty lists are annotated NON_DEFAULT/NON_EMPTY where
      // declared, so the file stays short, while values such as `defaultValue: ''` survive.
      .changeDefaultPropertyInclusion(incl -> JsonInclude.Value.construct(
          JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();

  private static final String HEADER = """
      # Driftsmith project manifest: the single source of truth for the generated data layer.
      # Edit it by hand or through the MCP tools, then run `driftsmith generate .`.
      """;

  public static Path path(Path root) {
    return root.resolve(Manifest.FILE_NAME);
  }

  public static boolean exists(Path root) {
    return Files.isRegularFile(path(root));
  }

  public static String text(Path root) throws IOException {
    return Files.readString(path(root), StandardCharsets.UTF_8);
  }

  /**
   * The manifest {@code yaml} holds. In the current format that is everything but the schema
   * history, which lives in migration files (read with driftsmith.yaml by
   * {@code dev.driftsmith.workspace.ManifestFiles}); a manifest in the older format holds its
   * history in {@code schema.history}.
   */
  public static Manifest parse(String yaml) {
    return upgraded(yaml, null).manifest();
  }

  /** A manifest bound from {@code yaml} after the fields earlier versions wrote moved to their current place. */
  private record Upgraded(Manifest manifest, List<String> notes) {}

  /**
   * Binds {@code yaml}; an enum value that is none of its wire names goes into {@code badValues} and
   * binds as null, or, when {@code badValues} is null, fails the binding.
   */
  private static Upgraded upgraded(String yaml, List<ManifestProblem> badValues) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JacksonException e) {
      // Binding reports where the text breaks, with the field it was reading.
      YAML.readValue(yaml, Manifest.class);
      throw e;
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) return new Upgraded(null, List.of());
    List<String> notes = ManifestFormat.upgrade(tree);
    ObjectReader reader = YAML.readerFor(Manifest.class);
    if (badValues != null) reader = reader.withAttribute(WireValueProblems.COLLECTED, badValues);
    return new Upgraded(reader.readValue(tree), notes);
  }

  /**
   * A manifest as read from its text: the manifest ({@code null} when the text does not bind), the
   * line of every field, and the problems found while reading (syntax, unknown fields, wrong types,
   * keys written twice), each named by its field path.
   */
  public record Parsed(Manifest manifest, ManifestLines lines, List<ManifestProblem> problems, List<String> upgrades) {}

  /**
   * Reads {@code yaml} without throwing: what is wrong comes back as problems. The problems the line
   * reader finds come alone: binding would only report their consequences.
   */
  public static Parsed read(String yaml) {
    return PARSED.get(yaml, ManifestIo::parseText);
  }

  /**
   * The last few texts read: every call reads driftsmith.yaml, mostly as the call before it wrote
   * it, and reading is two passes over the text (the line reader, then binding). Nothing of a
   * Parsed changes once built.
   */
  private static final Memo<String, Parsed> PARSED = new Memo<>(2);

  private static Parsed parseText(String yaml) {
    ManifestLines lines = ManifestLines.of(yaml);
    if (!lines.problems().isEmpty()) return new Parsed(null, lines, lines.problems(), List.of());
    List<ManifestProblem> problems = new ArrayList<>();
    Manifest manifest = null;
    List<String> upgrades = List.of();
    try {
      Upgraded read = upgraded(yaml, problems);
      manifest = read.manifest();
      upgrades = read.notes();
      if (problems.isEmpty() && (manifest == null || manifest.project() == null)) {
        problems.add(new ManifestProblem("project", "is required (id and name of the Flutter project); restore "
            + Manifest.FILE_NAME + " from version control, or run project_open on the folder to create a new one"));
      }
    } catch (JacksonException e) {
      problems.add(ManifestErrors.describe(e));
    }
    return new Parsed(problems.isEmpty() ? manifest : null, lines, List.copyOf(problems), upgrades);
  }

  /**
   * The text of driftsmith.yaml for {@code manifest}: without the schema history, which is kept in
   * one migration file per version. A 200-table project's history is over a megabyte of SQL, which
   * would make the manifest slow to read and write and no longer something to edit by hand.
   */
  public static String toYaml(Manifest manifest) {
    return WRITTEN.get(manifest, ManifestIo::write);
  }

  /**
   * The text of {@code manifest}, and what reading it back will give, remembered by the text: the
   * next call reads what this one writes. Only these exact bytes find it, so a file edited since
   * (by hand, by another process) is read in full.
   */
  private static String write(Manifest manifest) {
    Manifest stored = manifest.withSchema(manifest.schema().withHistory(List.of()));
    String text = HEADER + YAML.writeValueAsString(stored);
    ReadBack.of(stored).ifPresent(read -> PARSED.remember(text, new Parsed(read, ManifestLines.later(text), List.of(), List.of())));
    return text;
  }

  /** The text of the last few manifests: every writing call compares the manifest it holds with the file. */
  private static final Memo<Manifest, String> WRITTEN = new Memo<>(2);
}
