package dev.driftsmith.schema;

import dev.driftsmith.project.SchemaStep;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The record a schema step carries of the schema it leads to ({@link SchemaStep#leadsTo}): the
 * SHA-256 of the description a proof compares ({@link SqliteSandbox#snapshot}: each object's key
 * with the SHA-256 of its description, in key order) and the SHA-256 of the statements of the
 * history up to that step, after the name of the description's format. The
 * call that recorded the step proved the upgraded database's description equal to the fresh
 * install's, so the record is a fact about that history. A later call with no proof at hand (a
 * fresh clone: no {@code .dart_tool/}) checks that the history is still the one recorded (every
 * statement of every step, so an earlier file rewritten with a matching header hash does not
 * pass) and installs the schema fresh, which is cheap; when the fresh install has the recorded
 * description, the history is the one that was proven and is not replayed. Replaying a long
 * history is seconds of SQLite re-parsing every trigger at each table rebuild's RENAME.
 *
 * <p>The record ends with the digest of the fresh install it was described from ({@link
 * #installPart}): its statements in order, keyed with SQLite's version and the description's
 * format, which decide what those statements make. A later call whose fresh install and history
 * are the recorded ones is proven without opening SQLite: the same statements on the same SQLite
 * make the same schema, and the call that wrote the record found the history to lead to it. A
 * record of another install (another SQLite, a changed table) is confirmed as before, by
 * installing fresh and comparing the description's digest.
 *
 * <p>{@code check} never uses the record: it replays every step, so a forged record is caught
 * there. A record can only spare a replay; it never makes a statement run.
 */
final class RecordedSchema {
  private RecordedSchema() {}

  /**
   * The format of the description the digest is of. A Driftsmith that describes schemas
   * differently names another format, so its records never match this one's, nor this one's its.
   */
  static final String FORMAT = "snapshot-1";

  /**
   * A record as this class writes it, and as the build before the install part wrote it: the
   * description's format first, so a later format never reads as this one, and every digest in
   * full, so nothing else reads as a record at all.
   */
  private static final Pattern RECORD = Pattern.compile(Pattern.quote(FORMAT)
      + "( schema=sha256:[0-9a-f]{64} history=sha256:[0-9a-f]{64})( install=sha256:[0-9a-f]{64})?");

  /**
   * The record of a schema with this description, installed fresh by {@code fresh}, at the end of
   * {@code history}: {@code snapshot-1 schema=sha256:<hex> history=sha256:<hex> install=sha256:<hex>}.
   */
  static String of(Map<String, String> snapshot, List<String> fresh, List<SchemaStep> history) {
    return described(snapshot, history) + installPart(fresh);
  }

  /** The record without its install part: what the build before it wrote, and what a description confirms. */
  private static String described(Map<String, String> snapshot, List<SchemaStep> history) {
    // In the order of the keys: the digest is of the entries in order, and so must be the order.
    Map<String, String> entries = new TreeMap<>();
    Map<String, String> digests = new HashMap<>();
    synchronized (DIGESTS) {
      snapshot.forEach((key, description) -> entries.put(key, digests.computeIfAbsent(description, RecordedSchema::digestOf)));
      DIGESTS.clear();
      DIGESTS.putAll(digests);
    }
    return FORMAT + " schema=sha256:" + hex(Proven.digest(entries)) + historyPart(history);
  }

  /** The digest of {@code description}, from those of the schema described last when it was one of them. */
  private static String digestOf(String description) {
    String known = DIGESTS.get(description);
    return known != null ? known : hex(Proven.digest(description));
  }

  /**
   * The SHA-256 of each description of the schema described last, by description. The
   * descriptions hold the SQL of every trigger, megabytes at 200 synced tables, and hashing them
   * all on every step recorded was most of the record's cost, where a call changes a few objects.
   */
  private static final Map<String, String> DIGESTS = new HashMap<>();

  /** The end of a record of {@code history}: the digest of every up statement of every step, in order. */
  private static String historyPart(List<SchemaStep> history) {
    return " history=sha256:" + hex(Proven.proofDigest(List.of(), history));
  }

  /**
   * The end of a record of the fresh install of {@code fresh}: the digest of its statements in
   * order, with SQLite's version (the driver's, which is the version of the SQLite it bundles) and
   * the description's format, the two other things that decide the schema they make.
   */
  private static String installPart(List<String> fresh) {
    ByteBuffer statements = Proven.proofDigest(fresh, List.of());
    return " install=sha256:" + hex(Proven.digest(List.of(FORMAT, SQLITE_VERSION, hex(statements))));
  }

  /** Read from the driver's jar, which loads no SQLite: the point of the install part is a proof that opens none. */
  private static final String SQLITE_VERSION = SQLiteJDBCLoader.getVersion();

  /**
   * The record of the fresh install of {@code fresh} at the end of {@code history}, installed with
   * {@code installs} (which keeps it for the next proof); SQLite's exception when it does not install.
   */
  static String ofFreshInstall(FreshInstalls installs, List<String> fresh, List<SchemaStep> history) throws SQLException {
    FreshInstalls.Outcome outcome = installs.install(fresh);
    if (outcome.install() == null) throw new SQLException(outcome.error());
    try {
      return of(describe(outcome.install().db), fresh, history);
    } finally {
      installs.keep(outcome.install());
    }
  }

  /**
   * Whether the last step of {@code history} records this history and the schema a fresh install
   * of {@code fresh} has: without SQLite when it records this very install, else by installing
   * fresh and comparing the description's digest. False when it records none, or in another
   * format, or another history or schema, or when the fresh install fails on SQLite: then the
   * caller replays, which names what is wrong.
   */
  static boolean confirms(List<SchemaStep> history, FreshInstalls installs, List<String> fresh) {
    Matcher recorded = recordOf(history);
    if (recorded == null) return false;
    if (installPart(fresh).equals(recorded.group(2))) return true;
    try {
      return ofFreshInstall(installs, fresh, history).equals(FORMAT + recorded.group(1) + installPart(fresh));
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Whether the last step of {@code history} records this history and names the fresh install of
   * {@code fresh}: {@link #confirms} without opening SQLite, false where that would need an install.
   */
  static boolean namesInstall(List<SchemaStep> history, List<String> fresh) {
    Matcher recorded = recordOf(history);
    return recorded != null && installPart(fresh).equals(recorded.group(2));
  }

  /** The last step's record when it is of this format and records {@code history}; else null. */
  private static Matcher recordOf(List<SchemaStep> history) {
    if (history.isEmpty() || history.get(history.size() - 1).leadsTo() == null) return null;
    Matcher recorded = RECORD.matcher(history.get(history.size() - 1).leadsTo());
    // The history is compared first: it is cheap, and a history that changed needs no install.
    return recorded.matches() && recorded.group(1).endsWith(historyPart(history)) ? recorded : null;
  }

  private static String hex(ByteBuffer digest) {
    return HexFormat.of().formatHex(digest.array());
  }

  /**
   * The snapshot of {@code db}, reusing the descriptions of the database described last: a call
   * records a step that changes a few objects of the schema the call before it described.
   */
  private static Map<String, String> describe(SqliteSandbox db) throws SQLException {
    synchronized (LAST) {
      Map<String, SqliteSandbox.Described> used = new HashMap<>();
      Map<String, String> snapshot = db.snapshot(LAST, used);
      LAST.clear();
      LAST.putAll(used);
      return snapshot;
    }
  }

  /** The descriptions of the database described last, by snapshot key. */
  private static final Map<String, SqliteSandbox.Described> LAST = new HashMap<>();
}
