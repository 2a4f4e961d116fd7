package dev.driftsmith.project;

/**
 * One thing wrong with a loaded {@code driftsmith.yaml}: the field path as the tools name fields
 * ({@code schema.tables[2].columns[0].type}) and the problem with its fix. {@code line} is 0 when
 * the line is found from the field path; the YAML parser sets it for syntax errors, whose
 * position is more exact than the field they happen in. {@code file} is null for driftsmith.yaml;
 * a problem found in another file of the project's state (a migration file) names that file, and
 * its field ({@code up[2]}, or null for the whole file) is named as in that file.
 */
public record ManifestProblem(String field, String message, int line, String file) {
  public ManifestProblem(String field, String message, int line) {
    this(field, message, line, null);
  }

  public ManifestProblem(String field, String message) {
    this(field, message, 0, null);
  }

  /** A problem of the file {@code file} as a whole, or (with a field) of a field on {@code line} of it. */
  public static ManifestProblem inFile(String file, int line, String field, String message) {
    return new ManifestProblem(field, message, line, file);
  }
}
