package dev.driftsmith.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.workspace.FileChange;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a generating call did (or, with dryRun, would do) to the project. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChangeSet(String projectId, String root, boolean dryRun, int schemaVersion,
                        List<FileChange> files, List<String> notes) {

  public long count(FileChange.Status status) {
    return files.stream().filter(f -> f.status() == status).count();
  }

  public boolean hasRefusals() {
    return count(FileChange.Status.refused) > 0;
  }

  public String summary() {
    StringBuilder sb = new StringBuilder(dryRun ? "Dry run (nothing written): " : "");
    sb.append(count(FileChange.Status.created)).append(" created, ")
        .append(count(FileChange.Status.updated)).append(" updated, ")
        .append(count(FileChange.Status.unchanged)).append(" unchanged, ")
        .append(count(FileChange.Status.refused)).append(" refused, ")
        .append(count(FileChange.Status.deleted)).append(" deleted in ").append(root)
        .append(" (schema version ").append(schemaVersion).append(").");
    for (FileChange f : files) {
      if (f.status() != FileChange.Status.unchanged) {
        sb.append("\n  ").append(f.status()).append(' ').append(f.path());
        if (f.reason() != null) sb.append(" — ").append(f.reason());
      }
    }
    for (String note : notes) sb.append("\nNote: ").append(note);
    return sb.toString();
  }

  /**
   * JSON Schema of a change set: the outputSchema of every generating tool. Compact on purpose: it
   * is sent with every generating tool in tools/list, so it names only what a client branches on
   * (the status of each file); the text content says the rest.
   */
  public static Map<String, Object> outputSchema() {
    Map<String, Object> status = ordered("enum", Arrays.stream(FileChange.Status.values()).map(Enum::name).toList());
    Map<String, Object> file = ordered("properties", ordered("status", status));
    return ordered("type", "object", "properties", ordered("files", ordered("type", "array", "items", file)),
        "required", List.of("projectId", "root"));
  }

  /** A map whose keys keep the order given, so the bytes of tools/list do not vary between runs. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return out;
  }
}
