package dev.driftsmith.schema;

import dev.driftsmith.project.CacheFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fresh install a process last used for a project, stored in the project's {@link #FILE} for the
 * next process. {@link FreshInstalls} keeps it in memory only, so a new server's first write call ran
 * every CREATE of the project on a new database before it could compare: 1,439 statements at 200
 * synced tables, a third of that call, where the call itself changes a handful.
 *
 * <p>The file holds SQLite's file format of the database and the install's statements, each with the
 * object it made, after a header that names the build, the count of statements, the length of each
 * part and their CRC-32C. A new process brings it to the statements it proves as it brings a kept install
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
  private static final Pattern COUNTS = Pattern.compile("(\\d{1,9}) (\\d{1,10}) (\\d{1,10}) ([0-9a-f]{8})");
  /** The image at the sandbox's page limit; the statements are far shorter than that. */
  private static final long IMAGE_LIMIT = (long) SqliteSandbox.MAX_PAGES * SqliteSandbox.PAGE_SIZE;
  /**
   * How SQLite keeps a CREATE in its schema table: the statement from its object's name on, after
   * {@code CREATE}, the kind, and {@code UNIQUE} for an index, without {@code IF NOT EXISTS}.
   */
  private static final Pattern CREATE = Pattern.compile(
      "\\s*CREATE\\s+(UNIQUE\\s+)?(TABLE|INDEX|VIEW|TRIGGER|VIRTUAL\\s+TABLE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?",
      Pattern.CASE_INSENSITIVE);

  private InstallStore() {}

  /** The header of a stored file. */
  private record Header(String build, int count, long image, long statements, String crc, int size) {}

  /** The stored install of {@code root} for {@code build}; empty for a missing, cut short, garbled, foreign or unsound file. */
  static Optional<FreshInstalls.Install> load(Path root, String build) {
    Path file = root.resolve(FILE);
    if (!StoredImage.plainFile(file)) return Optional.empty();
    byte[] image;
    byte[] statements;
    Header h;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] start = in.readNBytes(StoredImage.HEADER_LIMIT);
      Optional<Header> header = header(start);
      if (header.isEmpty() || !header.get().build().equals(build) || header.get().image() > IMAGE_LIMIT
          || header.get().statements() > IMAGE_LIMIT
          || header.get().size() + header.get().image() + header.get().statements() != Files.size(file)) return Optional.empty();
      h = header.get();
      // Each part is read into an array of its own size: a copy of megabytes would only raise the peak memory.
      image = new byte[(int) h.image()];
      statements = new byte[(int) h.statements()];
      InputStream body = new SequenceInputStream(new ByteArrayInputStream(start, h.size(), start.length - h.size()), in);
      if (body.readNBytes(image, 0, image.length) != image.length
          || body.readNBytes(statements, 0, statements.length) != statements.length) return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (!StoredImage.crc(image, statements).equals(h.crc())) return Optional.empty();
    return parsed(image, statements, h.count());
  }

  /** The install of {@code image} and its {@code count} statements, when the image is sound and holds exactly them. */
  private static Optional<FreshInstalls.Install> parsed(byte[] image, byte[] statements, int count) {
    Map<String, FreshInstalls.Created> created = new HashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(statements))) {
      for (int i = 0; i < count; i++) {
        String sql = string(in);
        if (created.put(sql, new FreshInstalls.Created(string(in), string(in), string(in))) != null) return Optional.empty();
      }
      if (in.available() != 0) return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    Optional<SqliteSandbox> db = StoredImage.opened(image);
    try {
      if (db.isPresent() && holdsExactly(db.get(), created)) return Optional.of(FreshInstalls.Install.stored(db.get(), created));
    } catch (SQLException | RuntimeException e) {
      // A schema SQLite cannot list is no stored install.
    }
    db.ifPresent(StoredImage::close);
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
    byte[] statements = statements(fresh, created);
    StoredImage.write(root, FILE, FORMAT, build, fresh.size() + " " + image.length + " " + statements.length + " "
        + StoredImage.crc(image, statements), image, statements);
  }

  /** Each statement of {@code fresh} in order, with the object it made. */
  private static byte[] statements(List<String> fresh, Map<String, FreshInstalls.Created> created) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(fresh.size() * 512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (String sql : fresh) {
        FreshInstalls.Created c = created.get(sql);
        string(out, sql);
        string(out, c.type());
        string(out, c.name());
        string(out, c.table());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory does not fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Whether every object of {@code db}'s schema table is what one statement of {@code created} makes
   * (its type, name and table, and its text as SQLite keeps that statement), or an automatic index, a
   * shadow table of one of its virtual tables or SQLite's table of AUTOINCREMENT counters; every
   * statement's object is there; and no table holds a row.
   */
  private static boolean holdsExactly(SqliteSandbox db, Map<String, FreshInstalls.Created> created) throws SQLException {
    Map<String, String> expected = new HashMap<>();
    Map<String, FreshInstalls.Created> byName = new HashMap<>();
    List<String> virtualTables = new ArrayList<>();
    for (Map.Entry<String, FreshInstalls.Created> e : created.entrySet()) {
      Optional<Kept> kept = asKept(e.getKey());
      String name = key(e.getValue().name());
      if (kept.isEmpty() || !kept.get().names(name) || expected.put(name, kept.get().text()) != null) return false;
      byName.put(name, e.getValue());
      if (kept.get().text().startsWith("CREATE VIRTUAL TABLE ")) virtualTables.add(name);
    }
    int found = 0;
    List<String> tables = new ArrayList<>();
    try (Statement st = db.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema")) {
      while (rs.next()) {
        String name = key(rs.getString(2));
        if (holdsRows(rs.getString(1), name, rs.getString(4), virtualTables)) tables.add(rs.getString(2));
        FreshInstalls.Created c = byName.get(name);
        if (c != null) {
          if (!c.type().equals(rs.getString(1)) || !key(c.table()).equals(key(rs.getString(3)))
              || !expected.get(name).equals(rs.getString(4))) return false;
          found++;
        } else if (!automaticIndex(rs.getString(1), name, rs.getString(4)) && !shadowTable(rs.getString(1), name, virtualTables)
            && !(name.equals("sqlite_sequence") && SEQUENCE.equals(rs.getString(4)))) {
          return false;
        }
      }
    }
    return found == created.size() && empty(db, tables);
  }

  /**
   * Whether an object of the schema table keeps rows of its own: every table but a virtual one (it
   * reads its content table) and FTS5's index and settings, which it writes as it creates them.
   */
  private static boolean holdsRows(String type, String name, String sql, List<String> virtualTables) {
    boolean writtenByFts = shadowTable(type, name, virtualTables) && (name.endsWith("_data") || name.endsWith("_config"));
    return type.equals("table") && !(sql != null && sql.startsWith("CREATE VIRTUAL TABLE")) && !writtenByFts;
  }

  /**
   * Whether {@code tables} hold no row, as no table of a fresh install does. A copy of the install
   * may stand in for the upgraded database of its history, and rows in it (a file anyone could
   * have written) would make the next step run on a database no device has.
   */
  private static boolean empty(SqliteSandbox db, List<String> tables) throws SQLException {
    for (String table : tables) {
      try (Statement st = db.connection().createStatement();
           ResultSet rs = st.executeQuery("SELECT 1 FROM " + SqlSchema.quote(table) + " LIMIT 1")) {
        if (rs.next()) return false;
      }
    }
    return true;
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

  /** The three header lines at the start of {@code bytes}, when they are whole and well formed. */
  private static Optional<Header> header(byte[] bytes) {
    Optional<StoredImage.Lines> lines = StoredImage.lines(bytes);
    if (lines.isEmpty() || !lines.get().format().equals(FORMAT)) return Optional.empty();
    Matcher counts = COUNTS.matcher(lines.get().counts());
    if (!counts.matches()) return Optional.empty();
    return Optional.of(new Header(lines.get().build(), Integer.parseInt(counts.group(1)), Long.parseLong(counts.group(2)),
        Long.parseLong(counts.group(3)), counts.group(4), lines.get().size()));
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
}
