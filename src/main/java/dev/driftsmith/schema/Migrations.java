package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest.Schema;
import dev.driftsmith.render.SqlCode;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds schema steps: the literal SQL that takes an installed database to the next version. */
public final class Migrations {
  private Migrations() {}

  /**
   * What differs between a fresh install of {@code schema} and a database taken from empty through
   * every recorded step; empty when they are the same, which every new step must keep true.
   */
  public static Optional<String> upgradeMismatch(DatabaseSchema schema) throws SQLException {
    try (SqliteSandbox fresh = SqliteSandbox.with(SqlSchema.freshInstall(schema));
         SqliteSandbox upgraded = SqliteSandbox.with(replay(schema.history(), Integer.MAX_VALUE))) {
      Map<String, String> a = fresh.snapshot();
      Map<String, String> b = upgraded.snapshot();
      return a.equals(b) ? Optional.empty() : Optional.of(difference(a, b));
    }
  }

  /** The first difference between two schema snapshots, for messages. */
  public static String difference(Map<String, String> fresh, Map<String, String> upgraded) {
    for (String key : fresh.keySet()) {
      if (!upgraded.containsKey(key)) return key + " missing after upgrade";
      if (!fresh.get(key).equals(upgraded.get(key))) return key + ": " + contrast(fresh.get(key), upgraded.get(key));
    }
    for (String key : upgraded.keySet()) if (!fresh.containsKey(key)) return key + " only after upgrade";
    return "unknown";
  }

  /** Every statement of the steps up to and including {@code version}, from an empty database. */
  public static List<String> replay(Schema schema, int version) {
    return replay(schema.history(), version);
  }

  /** Every statement of {@code history}'s steps up to and including {@code version}. */
  public static List<String> replay(List<SchemaStep> history, int version) {
    List<String> out = new ArrayList<>();
    for (SchemaStep step : history) {
      if (step.version() <= version) out.addAll(step.up());
    }
    return out;
  }

  /**
   * SQLite's safe way to change what {@code ALTER TABLE} cannot (a new foreign key on an existing
   * column, a NOT NULL column without a constant default): create the new shape, copy the rows of
   * the columns both shapes share, drop the old table and rename the new one. The table's indexes
   * and triggers go with the old table; {@link SchemaDiff} recreates them. DROP TABLE forgets an
   * AUTOINCREMENT counter, so the new table takes it over: ids of deleted rows never come back (a
   * synced record id must not return as another record). The generated onUpgrade turns foreign
   * keys off around the steps, so the DROP cascades nothing.
   */
  public static List<String> rebuild(Table before, Table after) {
    String temp = "__new_" + after.name();
    List<String> shared = after.allColumns().stream().map(Column::sqlName)
        .filter(name -> before.allColumns().stream().anyMatch(c -> c.sqlName().equals(name)))
        .map(SqlSchema::quote)
        .collect(Collectors.toList());
    List<String> out = new ArrayList<>();
    out.add(SqlSchema.createTable(after, temp));
    out.add("INSERT INTO " + SqlSchema.quote(temp) + " (" + String.join(", ", shared) + ") SELECT "
        + String.join(", ", shared) + " FROM " + SqlSchema.quote(before.name()));
    if (after.allColumns().stream().anyMatch(Column::autoIncrement) && before.allColumns().stream().anyMatch(Column::autoIncrement)) {
      out.add("DELETE FROM sqlite_sequence WHERE name = " + SqlCode.string(temp));
      out.add("INSERT INTO sqlite_sequence (name, seq) SELECT " + SqlCode.string(temp) + ", seq FROM sqlite_sequence"
          + " WHERE name = " + SqlCode.string(before.name()));
    }
    out.add("DROP TABLE " + SqlSchema.quote(before.name()));
    out.add("ALTER TABLE " + SqlSchema.quote(temp) + " RENAME TO " + SqlSchema.quote(after.name()));
    return out;
  }

  /**
   * Where two descriptions of one object differ, with what they share cut away: a table's
   * description lists every column, and only the column that differs helps. Columns read
   * {@code name|type|not null|default|primary key}.
   */
  private static String contrast(String fresh, String upgraded) {
    int start = 0;
    while (start < fresh.length() && start < upgraded.length() && fresh.charAt(start) == upgraded.charAt(start)) start++;
    while (start > 0 && "[ ".indexOf(fresh.charAt(start - 1)) < 0) start--;
    int end = 0;
    while (end < fresh.length() - start && end < upgraded.length() - start
        && fresh.charAt(fresh.length() - 1 - end) == upgraded.charAt(upgraded.length() - 1 - end)) end++;
    return "a fresh install has '" + part(fresh, start, end) + "' where an upgraded database has '" + part(upgraded, start, end) + "'";
  }

  /** {@code text} from {@code start} to {@code end} characters before its end, widened to whole entries. */
  private static String part(String text, int start, int end) {
    int stop = text.length() - end;
    while (stop < text.length() && !text.startsWith(", ", stop) && !text.startsWith("] ", stop)) stop++;
    String out = text.substring(start, Math.max(start, stop));
    return out.length() > 200 ? out.substring(0, 200) + "…" : out;
  }
}
