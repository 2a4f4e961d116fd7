package dev.driftsmith.schema;

import dev.driftsmith.project.CacheFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The fresh install a process last used for a project, stored in the project's {@link #FILE} for the
 * next process. {@link FreshInstalls} keeps it in memory only, so a new server's first write call ran
 * every CREATE of the project on a new database before it could compare: 1,439 statements at 200
 * synced tables, a third of that call, where the call itself changes a handful.
 *
 * <p>The file holds the install's statements, each with the object it made, and SQLite's file format
 * of the database, after a header that names the build, the count of statements, and the body's
 * length and CRC-32C. A new process brings it to the statements it proves as it brings a kept install
 * ({@link FreshInstalls}): objects whose statement is gone are dropped, new statements run. It is used
 * only when the header matches this build, the body is whole, the database opens in the sandbox and
 * passes SQLite's quick check, and every object of the database is what one of the listed statements
 * makes: SQLite keeps each object as the text of its CREATE (normalized: leading keywords, no
 * {@code IF NOT EXISTS}) and rebuilds its schema from that text when it opens a database, so a file
 * whose objects all read back as the statements listed holds their fresh install, and nothing else
 * than the shadow tables of its virtual tables. Anything else is no file, and the call installs in full.
 */
final class InstallStore {
  /** Beside the other caches of the project, which git ignores. */
  static final String FILE = CacheFile.FOLDER + "install";

  private static final String FORMAT = "driftsmith-install 1";
  private static final Pattern COUNTS = Pattern.compile("(\\d{1,9}) (\\d{1,10}) ([0-9a-f]{8})");
  /** The header's three lines are far shorter than this; a file whose header is not is not ours. */
  private static final int HEADER_LIMIT = 512;
  /** The image at the sandbox's page limit, and as much again for the statements. */
  private static final long BODY_LIMIT = 2L * SqliteSandbox.MAX_PAGES * SqliteSandbox.PAGE_SIZE;
  /**
   * How SQLite keeps a CREATE in its schema table: the statement from its object's name on, after
   * {@code CREATE}, the kind, and {@code UNIQUE} for an index, without {@code IF NOT EXISTS}.
   */
  private static final Pattern CREATE = Pattern.compile(
      "\\s*CREATE\\s+(UNIQUE\\s+)?(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL\\s+TABLE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?",
      Pattern.CASE_INSENSITIVE);

  private InstallStore() {}

  /** The header of a stored file. */
  private record Header(String build, int count, long length, String crc, int size) {}

  /** The stored install of {@code root} for {@code build}; empty for a missing, cut short, garbled, foreign or unsound file. */
  static Optional<FreshInstalls.Install> load(Path root, String build) {
    Path file = root.resolve(FILE);
    // Only a plain file: a FIFO would wait for a writer with the project's lock held, a link is not ours.
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    byte[] body;
    Header h;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] start = in.readNBytes(HEADER_LIMIT);
      Optional<Header> header = header(start);
      if (header.isEmpty() || !header.get().build().equals(build) || header.get().length() > BODY_LIMIT
          || header.get().size() + header.get().length() != Files.size(file)) return Optional.empty();
      h = header.get();
      body = new byte[(int) h.length()];
      int inStart = Math.min(start.length - h.size(), body.length);
      System.arraycopy(start, h.size(), body, 0, inStart);
      if (in.readNBytes(body, inStart, body.length - inStart) != body.length - inStart) return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (!crc(body).equals(h.crc())) return Optional.empty();
    return parsed(body, h.count());
  }

  /** The install of {@code body}'s {@code count} statements and image, when the image is sound and holds exactly them. */
  private static Optional<FreshInstalls.Install> parsed(byte[] body, int count) {
    Map<String, FreshInstalls.Created> created = new HashMap<>();
    byte[] image;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      for (int i = 0; i < count; i++) {
        String sql = string(in);
        if (created.put(sql, new FreshInstalls.Created(string(in), string(in), string(in))) != null) return Optional.empty();
      }
      image = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    SqliteSandbox db = null;
    try {
      db = SqliteSandbox.fromImage(image);
      if (quickCheck(db) && holdsExactly(db, created)) return Optional.of(FreshInstalls.Install.stored(db, created));
    } catch (SQLException | RuntimeException e) {
      // Not a database, or a damaged one: no stored install.
    }
    close(db);
    return Optional.empty();
  }

  /**
   * Stores the install {@code installs} keeps for {@code fresh} when it was never stored or has run
   * {@link FreshInstalls#STALE} statements since; the caller holds the project's lock.
   */
  static void save(Path root, String build, FreshInstalls installs, List<String> fresh) throws IOException {
    Optional<FreshInstalls.Install> taken = installs.takeExactly(fresh);
    if (taken.isEmpty()) return;
    FreshInstalls.Install install = taken.get();
    Map<String, FreshInstalls.Created> created;
    byte[] image;
    try {
      if (!install.storeDue()) return;
      created = Map.copyOf(install.created());
      image = install.db.image();
      install.markStored();
    } catch (SQLException e) {
      // A database SQLite cannot serialize is not worth storing; the next process installs in full.
      return;
    } finally {
      installs.keep(install);
    }
    write(root, build, fresh, created, image);
  }

  /** Replaces the stored file with {@code image}, the install of {@code fresh}, where each statement made {@code created}'s object. */
  static void write(Path root, String build, List<String> fresh, Map<String, FreshInstalls.Created> created, byte[] image)
      throws IOException {
    byte[] body = body(fresh, created, image);
    String header = FORMAT + '\n' + build + '\n' + fresh.size() + ' ' + body.length + ' ' + crc(body) + '\n';
    ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + body.length);
    out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    CacheFile.replace(root, FILE, out.toByteArray());
  }

  /** Each statement of {@code fresh} in order with the object it made, then the database's image. */
  private static byte[] body(List<String> fresh, Map<String, FreshInstalls.Created> created, byte[] image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.length + fresh.size() * 512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (String sql : fresh) {
        FreshInstalls.Created c = created.get(sql);
        string(out, sql);
        string(out, c.type());
        string(out, c.name());
        string(out, c.table());
      }
      out.write(image);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory does not fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Whether every object of {@code db}'s schema table is what one statement of {@code created} makes
   * (its type, name and table, and its text as SQLite keeps that statement), or an automatic index, a
   * shadow table of one of its virtual tables or SQLite's table of AUTOINCREMENT counters; and every
   * statement's object is there.
   */
  private static boolean holdsExactly(SqliteSandbox db, Map<String, FreshInstalls.Created> created) throws SQLException {
    Map<String, String> expected = new HashMap<>();
    Map<String, FreshInstalls.Created> byName = new HashMap<>();
    List<String> virtualTables = new java.util.ArrayList<>();
    for (Map.Entry<String, FreshInstalls.Created> e : created.entrySet()) {
      Optional<Kept> kept = asKept(e.getKey());
      String name = key(e.getValue().name());
      if (kept.isEmpty() || !kept.get().names(name) || expected.put(name, kept.get().text()) != null) return false;
      byName.put(name, e.getValue());
      if (kept.get().text().startsWith("CREATE VIRTUAL TABLE ")) virtualTables.add(name);
    }
    int found = 0;
    try (Statement st = db.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema")) {
      while (rs.next()) {
        String name = key(rs.getString(2));
        FreshInstalls.Created c = byName.get(name);
        if (c != null) {
          if (!c.type().equals(rs.getString(1)) || !key(c.table()).equals(key(rs.getString(3)))
              || !expected.get(name).equals(rs.getString(4))) return false;
          found++;
        } else if (!automaticIndex(rs.getString(1), name, rs.getString(4)) && !shadowTable(rs.getString(1), name, virtualTables)
            && !SEQUENCE.equals(rs.getString(4))) {
          return false;
        }
      }
    }
    return found == created.size();
  }

  /** A statement as SQLite keeps it in its schema table ({@code text}), and the part of it from its object's name on. */
  record Kept(String text, String fromName) {
    /**
     * Whether the statement creates the object {@code name} (lower case): its name, plain or quoted,
     * comes right after the kind. So the name a file gives a statement's object is the one SQLite reads from it.
     */
    boolean names(String name) {
      String lower = fromName.toLowerCase(Locale.ROOT);
      if (lower.startsWith(name)) return fromName.length() == name.length() || !identifierPart(fromName.charAt(name.length()));
      char open = fromName.charAt(0);
      char close = open == '[' ? ']' : open;
      return (open == '"' || open == '`' || open == '[') && lower.startsWith(name + close, 1);
    }
  }

  /** {@code sql} as SQLite keeps it in its schema table, when it is a CREATE this class can read. */
  static Optional<Kept> asKept(String sql) {
    Matcher m = CREATE.matcher(sql);
    if (!m.lookingAt()) return Optional.empty();
    // SQLite keeps the text up to the end of its last token: no trailing space, no closing semicolon.
    String rest = sql.substring(m.end()).stripTrailing();
    if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).stripTrailing();
    if (rest.isEmpty()) return Optional.empty();
    String kind = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    return Optional.of(new Kept("CREATE " + (m.group(1) != null ? "UNIQUE " : "") + kind + " " + rest, rest));
  }

  private static boolean identifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** The table SQLite makes for the first AUTOINCREMENT key, as it makes it. */
  private static final String SEQUENCE = "CREATE TABLE sqlite_sequence(name,seq)";

  private static boolean automaticIndex(String type, String name, String sql) {
    return type.equals("index") && sql == null && name.startsWith("sqlite_autoindex_");
  }

  /** The tables FTS5, the only virtual table module our SQL uses, makes beside each of its tables. */
  private static final List<String> SHADOW_SUFFIXES = List.of("_data", "_idx", "_content", "_docsize", "_config");

  private static boolean shadowTable(String type, String name, List<String> virtualTables) {
    return type.equals("table") && virtualTables.stream().anyMatch(v -> SHADOW_SUFFIXES.stream().anyMatch(s -> name.equals(v + s)));
  }

  private static boolean quickCheck(SqliteSandbox db) throws SQLException {
    try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      return rs.next() && "ok".equals(rs.getString(1)) && !rs.next();
    }
  }

  /** The three header lines at the start of {@code bytes}, when they are whole and well formed. */
  private static Optional<Header> header(byte[] bytes) {
    int first = newline(bytes, 0);
    int second = first < 0 ? -1 : newline(bytes, first + 1);
    int third = second < 0 ? -1 : newline(bytes, second + 1);
    if (third < 0) return Optional.empty();
    String format = new String(bytes, 0, first, StandardCharsets.UTF_8);
    String build = new String(bytes, first + 1, second - first - 1, StandardCharsets.UTF_8);
    Matcher counts = COUNTS.matcher(new String(bytes, second + 1, third - second - 1, StandardCharsets.UTF_8));
    if (!format.equals(FORMAT) || !counts.matches()) return Optional.empty();
    return Optional.of(new Header(build, Integer.parseInt(counts.group(1)), Long.parseLong(counts.group(2)), counts.group(3), third + 1));
  }

  private static int newline(byte[] bytes, int from) {
    for (int i = from; i < Math.min(bytes.length, HEADER_LIMIT); i++) if (bytes[i] == '\n') return i;
    return -1;
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) throw new IOException("a string longer than the file");
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static void close(SqliteSandbox db) {
    if (db == null) return;
    try {
      db.close();
    } catch (SQLException e) {
      // An in-memory database that failed to open holds nothing worth a message.
    }
  }

  private static String crc(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    return String.format("%08x", crc.getValue());
  }
}
