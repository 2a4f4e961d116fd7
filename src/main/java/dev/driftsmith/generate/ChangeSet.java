package dev.driftsmith.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.workspace.FileChange;
import java.util.Arrays;
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

  /** JSON Schema of a change set: the outputSchema of every generating tool. */
  public static Map<String, Object> outputSchema() {
    Map<String, Object> file = Map.of(
        "type", "object",
        "properties", Map.of(
            "path", Map.of("type", "string", "description", "Path relative to the project root"),
            "status", Map.of("type", "string", "enum", Arrays.stream(FileChange.Status.values()).map(Enum::name).toList()),
            "reason", Map.of("type", "string"),
            "diff", Map.of("type", "string", "description", "Unified diff (dry runs)")),
        "required", List.of("path", "status"));
    return Map.of(
        "type", "object",
        "properties", Map.of(
            "projectId", Map.of("type", "string"),
            "root", Map.of("type", "string", "description", "Absolute path of the project"),
            "dryRun", Map.of("type", "boolean"),
            "schemaVersion", Map.of("type", "integer"),
            "files", Map.of("type", "array", "items", file),
            "notes", Map.of("type", "array", "items", Map.of("type", "string"))),
        "required", List.of("projectId", "root"));
  }
}
