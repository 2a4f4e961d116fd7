package dev.driftsmith.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One path of a change set. {@code diff} is set for dry runs; {@code reason} explains refusals.
 * {@code deleted}: a generated file the manifest no longer produces.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileChange(String path, Status status, String reason, String diff) {
  public enum Status { created, updated, unchanged, refused, deleted }
}
