package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.DeserializationFeature;
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

  public static Manifest read(Path root) throws IOException {
    Path file = path(root);
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new IOException(file + " is not a valid Driftsmith manifest: " + e.getOriginalMessage(), e);
    }
  }

  public static Manifest parse(String yaml) {
    return YAML.readValue(yaml, Manifest.class);
  }

  public static String toYaml(Manifest manifest) {
    return HEADER + YAML.writeValueAsString(manifest);
  }
}
