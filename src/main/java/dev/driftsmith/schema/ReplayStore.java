package dev.driftsmith.schema;

import dev.driftsmith.project.CacheFile;
import dev.driftsmith.project.SchemaStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database a process upgraded through a project's proven schema history, stored in the
 * project's {@link #FILE} for the next process. {@link Replays} keeps it in memory only, so a new
 * server's first write call, or a generate whose hand edit changed the schema, replayed the whole
 * history before proving its one new step: seconds at 200 tables, nearly all of it SQLite
 * rebuilding tables. With the stored database, such a call runs only the steps the file lacks.
 *
 * <p>The file is SQLite's own format of the database (sqlite3_serialize: a few milliseconds at 200
 * tables; VACUUM INTO would need an attached database, which the sandbox refuses), after a header
 * that names the build that stored it, how many steps of the history it holds and the
 * {@link Replays#key} of those steps, and the image's length and CRC-32C. A file is used only when
 * all of it matches this build and a prefix of the history being proven, and the database opens and
 * passes SQLite's quick check; anything else is no file, and the call replays in full.
 *
 * <p>Storing costs a serialization and a file write, so it is done only when it pays: when the
 * call had to replay the history from nothing (or took the database from a fresh install the
 * history's record vouches for: {@link #saveConfirmed}), or when the stored file is
 * {@link #STALE} steps behind the history the call saved.
 */
final class ReplayStore {
  /** Beside the other caches of the project, which git ignores. */
  static final String FILE = CacheFile.FOLDER + "replay";

  /** Steps a stored file may lag behind before a call stores a newer one: at most this many replay in a new process. */
  static final int STALE = 16;

  private static final String FORMAT = "driftsmith-replay 1";
  private static final Pattern COUNTS = Pattern.compile("(\\d{1,9}) ([0-9a-f]{64}) (\\d{1,10}) ([0-9a-f]{8})");
  /** The sandbox's page limit at SQLite's default page size, which every image we write has. */
  private static final long IMAGE_LIMIT = (long) SqliteSandbox.MAX_PAGES * SqliteSandbox.PAGE_SIZE;

  private ReplayStore() {}

  /** What a proof left in {@link Replays}: the database of the history with {@code key}, of {@code steps} steps. */
  record Proved(String key, int steps) {}

  /** A stored database and how many steps of the history it holds. */
  record Loaded(SqliteSandbox db, int steps) {}

  /** The header of a stored file. */
  private record Header(String build, int steps, String key, long length, String crc, int size) {}

  /**
   * The stored database of {@code root} for {@code build} when it holds a prefix of {@code history}
   * (at least one step, at most all of them); empty for a missing, cut short, garbled or foreign file.
   * {@code keys} are {@code history}'s, which the caller has computed already.
   */
  static Optional<Loaded> load(Path root, String build, List<SchemaStep> history, Replays.Keys keys) {
    Path file = root.resolve(FILE);
    Optional<Header> header = Optional.empty();
    byte[] image;
    if (!StoredImage.plainFile(file)) return Optional.empty();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] start = in.readNBytes(StoredImage.HEADER_LIMIT);
      header = header(start);
      if (header.isEmpty() || !fits(header.get(), build, history, Files.size(file))) return Optional.empty();
      // The image is read into an array of its own size: a second copy of megabytes would only raise the peak memory.
      image = new byte[(int) header.get().length()];
      int inStart = start.length - header.get().size();
      System.arraycopy(start, header.get().size(), image, 0, Math.min(inStart, image.length));
      if (in.readNBytes(image, inStart, image.length - inStart) != image.length - inStart) return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    Header h = header.get();
    if (!StoredImage.crc(image).equals(h.crc()) || !keyOfFirst(h.steps(), history, keys).equals(h.key())) return Optional.empty();
    return StoredImage.opened(image).map(db -> new Loaded(db, h.steps()));
  }

  /** Whether {@code h} is of {@code build}, holds a prefix of {@code history} and describes a file of {@code size} bytes. */
  private static boolean fits(Header h, String build, List<SchemaStep> history, long size) {
    return h.build().equals(build) && h.steps() >= 1 && h.steps() <= history.size() && h.length() <= IMAGE_LIMIT
        && h.size() + h.length() == size;
  }

  /** The key of the first {@code steps} steps of {@code history}; hashed again only for a prefix shorter than {@code keys} name. */
  private static String keyOfFirst(int steps, List<SchemaStep> history, Replays.Keys keys) {
    if (steps == history.size()) return keys.all();
    if (steps == history.size() - 1) return keys.beforeLast();
    return Replays.key(history.subList(0, steps));
  }

  /**
   * Stores the database {@code replays} keeps for {@code proved} when this process replayed it from
   * nothing or the stored file is {@link #STALE} steps behind it; the caller holds the project's lock.
   */
  static void save(Path root, String build, Replays replays, Proved proved) throws IOException {
    if (proved.steps() < 1) return;
    Optional<Replays.Replay> taken = replays.take(proved.key());
    if (taken.isEmpty()) return;
    Replays.Replay replay = taken.get();
    byte[] image;
    try {
      // A fresh install's copy that stood in for the history's database is not its replay (column order): never stored.
      if (replay.standIn || (!replay.unstored && !stale(root, build, proved.steps()))) return;
      image = replay.db.image();
      // Marked while this call holds the replay; a write that fails below is retried when the file is stale.
      replay.unstored = false;
    } catch (SQLException e) {
      // A database SQLite cannot serialize is not worth storing; the next process replays in full.
      return;
    } finally {
      replays.keep(replay);
    }
    write(root, build, proved.steps(), proved.key(), image);
  }

  /** Whether the project has a stored file of this build, of whatever history: one a proof would try first. */
  static boolean storedOfBuild(Path root, String build) {
    Optional<Header> header = storedHeader(root);
    return header.isPresent() && header.get().build().equals(build);
  }

  /**
   * The database of {@code history}, whose keys are {@code keys}: the stored one with the steps it
   * lacks run on it, or, without one, every step run on an empty database (then {@code unstored}).
   * Each statement is checked as {@link SqliteSandbox#executeStored} checks it.
   */
  static Replays.Replay replayed(List<SchemaStep> history, Replays.Keys keys) throws SQLException {
    Optional<Loaded> stored = ProofStore.storedReplay(history, keys);
    Replays.Replay replay = new Replays.Replay(stored.isPresent() ? stored.get().db() : new SqliteSandbox(), keys.all());
    replay.unstored = stored.isEmpty();
    try {
      for (SchemaStep step : history.subList(stored.map(Loaded::steps).orElse(0), history.size())) {
        for (String sql : step.up()) replay.db.executeStored(sql);
      }
      return replay;
    } catch (SQLException e) {
      replay.close();
      throw e;
    }
  }

  /** Replaces the stored file with {@code image}, the database of the first {@code steps} steps, whose key is {@code key}. */
  static void write(Path root, String build, int steps, String key, byte[] image) throws IOException {
    StoredImage.write(root, FILE, FORMAT, build, steps + " " + key + " " + image.length + " " + StoredImage.crc(image), image);
  }

  /** Whether the stored file is missing, foreign, or {@link #STALE} steps away from a history of {@code steps} steps. */
  private static boolean stale(Path root, String build, int steps) {
    Optional<Header> header = storedHeader(root);
    return header.isEmpty() || !header.get().build().equals(build) || Math.abs(steps - header.get().steps()) >= STALE;
  }

  /** The header of the stored file, when there is one and it is well formed. */
  private static Optional<Header> storedHeader(Path root) {
    if (!StoredImage.plainFile(root.resolve(FILE))) return Optional.empty();
    try (InputStream in = Files.newInputStream(root.resolve(FILE), LinkOption.NOFOLLOW_LINKS)) {
      return header(in.readNBytes(StoredImage.HEADER_LIMIT));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The three header lines at the start of {@code bytes}, when they are whole and well formed. */
  private static Optional<Header> header(byte[] bytes) {
    Optional<StoredImage.Lines> lines = StoredImage.lines(bytes);
    if (lines.isEmpty() || !lines.get().format().equals(FORMAT)) return Optional.empty();
    Matcher counts = COUNTS.matcher(lines.get().counts());
    if (!counts.matches()) return Optional.empty();
    return Optional.of(new Header(lines.get().build(), Integer.parseInt(counts.group(1)), counts.group(2),
        Long.parseLong(counts.group(3)), counts.group(4), lines.get().size()));
  }
}
