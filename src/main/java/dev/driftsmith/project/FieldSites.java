package dev.driftsmith.project;

/**
 * Where the fields of a loaded manifest are written, so that a problem points at the line to
 * edit: {@code driftsmith.yaml:LINE: field}, or for the schema history, a line of its migration
 * file ({@code driftsmith/migrations/0016_x.sql:12: up[2]}).
 */
public interface FieldSites {
  Site site(ManifestProblem problem);

  /** A file, a line in it (0: the file as a whole) and the field as named there (null: none). */
  record Site(String file, int line, String field) {
    /** {@code file:line: field}, leaving out what is not known. */
    public String location() {
      return file + (line > 0 ? ":" + line : "") + (field == null ? "" : ": " + field);
    }
  }
}
