package dev.driftsmith.feature.versioning;

import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.schema.DeviceId;

/**
 * The SQL of entity versioning. The next version is computed by SQLite inside the guarded UPDATE
 * itself ({@code SET version = <next> WHERE id = ? AND version = ?}), so two writers can never
 * both succeed from the same version.
 */
public final class VersionSql {
  private VersionSql() {}

  /**
   * This device's node id for vector clocks, which the database creates in sync_meta when it opens
   * ({@link dev.driftsmith.schema.SqlSchema#openStatements}). Without it the clock would silently stay as it is.
   */
  static final String NODE_ID = DeviceId.VALUE;

  /** Epoch milliseconds of SQLite's clock. */
  static final String NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

  /** The expression for the next value of the {@code version} column under {@code strategy}. */
  public static String next(VersioningStrategy strategy) {
    return switch (strategy) {
      case INCREMENT -> "version + 1";
      // Never equal to or below the old value, even when the clock repeats or goes back.
      case TIMESTAMP -> "max(version + 1, " + NOW_MS + ")";
      // '' || drops the JSON subtype, so the column holds (and sync sends) text like every other write.
      case VECTOR_CLOCK -> "('' || json_set(version, '$.\"' || " + NODE_ID + " || '\"', coalesce(json_extract(version, '$.\"' || "
          + NODE_ID + " || '\"'), 0) + 1))";
    };
  }

  /** Compares vector clocks ?1 and ?2: 'equal', 'before' (?1 happened before ?2), 'after' or 'concurrent'. */
  public static final String COMPARE_CLOCKS = "SELECT CASE"
      + " WHEN NOT EXISTS (" + greater("?1", "?2") + ") AND NOT EXISTS (" + greater("?2", "?1") + ") THEN 'equal'"
      + " WHEN NOT EXISTS (" + greater("?1", "?2") + ") THEN 'before'"
      + " WHEN NOT EXISTS (" + greater("?2", "?1") + ") THEN 'after'"
      + " ELSE 'concurrent' END AS relation";

  /** The element-wise maximum of vector clocks ?1 and ?2. */
  public static final String MERGE_CLOCKS = "SELECT json_group_object(key, counter) AS clock FROM"
      + " (SELECT key, max(value) AS counter FROM (SELECT key, value FROM json_each(?1) UNION ALL"
      + " SELECT key, value FROM json_each(?2)) GROUP BY key ORDER BY key)";

  /** Clock ?1 with node ?2's counter advanced by one. */
  public static final String INCREMENT_CLOCK = "SELECT json_set(?1, '$.\"' || ?2 || '\"',"
      + " coalesce(json_extract(?1, '$.\"' || ?2 || '\"'), 0) + 1) AS clock";

  private static String greater(String a, String b) {
    return "SELECT 1 FROM json_each(" + a + ") x WHERE x.value > coalesce(json_extract(" + b + ", '$.\"' || x.key || '\"'), 0)";
  }
}
