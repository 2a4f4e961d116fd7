package dev.driftsmith.schema;

import dev.driftsmith.project.CacheFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What the files that hold a database for the next process ({@link ReplayStore}, {@link InstallStore})
 * share: a header of three lines (the format, the build, the counts), a body checked by its CRC-32C,
 * and the database read back into the sandbox only when SQLite finds it sound.
 */
final class StoredImage {
  /** The header's three lines are far shorter than this; a file whose header is not is not ours. */
  static final int HEADER_LIMIT = 512;

  private StoredImage() {}

  /** The three lines at the start of a file, and how many bytes they take with their line ends. */
  record Lines(String format, String build, String counts, int size) {}

  /** The three header lines at the start of {@code bytes}, when they are whole. */
  static Optional<Lines> lines(byte[] bytes) {
    int first = newline(bytes, 0);
    int second = first < 0 ? -1 : newline(bytes, first + 1);
    int third = second < 0 ? -1 : newline(bytes, second + 1);
    if (third < 0) return Optional.empty();
    return Optional.of(new Lines(new String(bytes, 0, first, StandardCharsets.UTF_8),
        new String(bytes, first + 1, second - first - 1, StandardCharsets.UTF_8),
        new String(bytes, second + 1, third - second - 1, StandardCharsets.UTF_8), third + 1));
  }

  private static int newline(byte[] bytes, int from) {
    for (int i = from; i < Math.min(bytes.length, HEADER_LIMIT); i++) if (bytes[i] == '\n') return i;
    return -1;
  }

  /**
   * Whether {@code file} is a plain file, as every file these classes write is: opening a FIFO put in
   * its place would wait for a writer that never comes, with the project's lock held, and a link
   * (to a device, to a file outside the project) is not ours either. Opening it does not follow a link.
   */
  static boolean plainFile(Path file) {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  /** Replaces {@code root/file} with the three header lines and the {@code body} parts, in order. */
  static void write(Path root, String file, String format, String build, String counts, byte[]... body) throws IOException {
    byte[][] parts = new byte[body.length + 1][];
    parts[0] = (format + '\n' + build + '\n' + counts + '\n').getBytes(StandardCharsets.UTF_8);
    System.arraycopy(body, 0, parts, 1, body.length);
    CacheFile.replace(root, file, parts);
  }

  /** The database of {@code image} when SQLite opens it and finds it sound; else none. */
  static Optional<SqliteSandbox> opened(byte[] image) {
    SqliteSandbox db = null;
    try {
      db = SqliteSandbox.fromImage(image);
      try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
        if (rs.next() && "ok".equals(rs.getString(1)) && !rs.next()) return Optional.of(db);
      }
    } catch (SQLException | RuntimeException e) {
      // Not a database, or a damaged one: nothing stored.
    }
    close(db);
    return Optional.empty();
  }

  static void close(SqliteSandbox db) {
    if (db == null) return;
    try {
      db.close();
    } catch (SQLException e) {
      // An in-memory database that failed to open holds nothing worth a message.
    }
  }

  /** The CRC-32C of {@code parts} one after the other. */
  static String crc(byte[]... parts) {
    CRC32C crc = new CRC32C();
    for (byte[] part : parts) crc.update(part);
    return String.format("%08x", crc.getValue());
  }
}
