package dev.driftsmith.project;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file of Driftsmith's machine-local caches, in {@link #FOLDER}: Flutter's folder of
 * machine-local state, which every Flutter project's .gitignore excludes. A cache is only ever
 * replaced whole, so a reader sees the old file or the new one, never half of one.
 */
public final class CacheFile {
  /** Relative to the project root. */
  public static final String FOLDER = ".dart_tool/driftsmith/";

  private CacheFile() {}

  /**
   * Replaces {@code root/relative} with {@code text} through a temp file and a rename. The temp
   * file has one name: the caller holds the project's lock, so there is one writer at a time. A
   * folder linked out of the project would take the write elsewhere; then nothing is written (no
   * folder made either), as a cache is not worth that.
   */
  public static void replace(Path root, String relative, CharSequence text) throws IOException {
    replace(root, relative, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@link #replace(Path, String, CharSequence)} for a cache that is not text (a database image), made
   * of {@code parts} in order. They are written one after the other, never joined first: a stored
   * database at 200 synced tables is megabytes, and a joined copy of it was that much more heap at
   * the moment a call's memory peaks.
   */
  public static void replace(Path root, String relative, byte[]... parts) throws IOException {
    Path file = root.resolve(relative);
    if (!foldersInside(root, file.getParent())) return;
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    // Whatever is left at the temp name (a link put there to lead the write out of the project, say) is
    // removed, not followed: a new file is made in its place, and the open fails rather than follow a link.
    Files.deleteIfExists(temp);
    try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      // In pieces: the channel under the stream copies each write into a native buffer of that size, which it keeps.
      for (byte[] part : parts) {
        for (int at = 0; at < part.length; at += WRITE_CHUNK) out.write(part, at, Math.min(WRITE_CHUNK, part.length - at));
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static final int WRITE_CHUNK = 64 * 1024;

  /**
   * Makes the folders from {@code root} down to {@code folder} one at a time, checking each that
   * exists already: a link among them that leads out of the project stops before anything is made
   * at its far end. False when one does, or when one is not a folder.
   */
  private static boolean foldersInside(Path root, Path folder) throws IOException {
    Path realRoot = root.toRealPath();
    Path at = root;
    for (Path name : root.relativize(folder)) {
      at = at.resolve(name);
      if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
        // A file, or a link to nothing, where a folder belongs holds no cache: the call that wrote the project goes on.
        if (!Files.isDirectory(at) || !at.toRealPath().startsWith(realRoot)) return false;
      } else {
        Files.createDirectory(at);
      }
    }
    return true;
  }
}
