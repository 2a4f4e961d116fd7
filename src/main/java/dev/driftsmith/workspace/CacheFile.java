package dev.driftsmith.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
   * folder linked out of the project would take the write elsewhere; then nothing is written, as
   * a cache is not worth that.
   */
  public static void replace(Path root, String relative, CharSequence text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    if (!file.getParent().toRealPath().startsWith(root.toRealPath())) return;
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
