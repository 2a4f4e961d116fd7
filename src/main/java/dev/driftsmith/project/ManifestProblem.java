package dev.driftsmith.project;

/**
 * One thing wrong with a loaded {@code driftsmith.yaml}: the field path as the tools name fields
 * ({@code schema.tables[2].columns[0].type}) and the problem with its fix. {@code line} is 0 when
 * the line is found from the field path; the YAML parser sets it for syntax errors, whose
 * position is more exact than the field they happen in.
 */
public record ManifestProblem(String field, String message, int line) {
  public ManifestProblem(String field, String message) {
    this(field, message, 0);
  }
}
