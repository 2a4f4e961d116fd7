package dev.driftsmith.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The AOT cache of one jar, and the JDK that made it. A JDK 25 takes a cache made for another jar
 * at the same or another path without a word, and then runs the classes of that other build (found
 * by trying it: no validation of the jar, even with {@code -XX:AOTMode=on}). So the cache's name
 * carries a digest of the jar's bytes, and the launchers use it only while the jar has the size it
 * had and (sh) is not newer than the cache; otherwise they start as without one.
 *
 * @param jdkHome the JDK that made the cache, and the only one that can read it
 * @param file the cache's file name, next to the jar
 * @param jarSize the size of the jar in bytes when the cache was made
 */
record AotCache(Path jdkHome, String file, long jarSize) {
  private static final String PREFIX = "driftsmith-";
  private static final String SUFFIX = ".aot";

  /** The cache for {@code jar} as it is now, made by the JDK at {@code jdkHome}. */
  static AotCache forJar(Path jdkHome, Path jar) throws IOException {
    return new AotCache(jdkHome, PREFIX + digest(jar) + SUFFIX, Files.size(jar));
  }

  /** Deletes the caches of earlier builds from {@code dir}: no launcher names them any more. */
  static void deleteAll(Path dir) throws IOException {
    try (DirectoryStream<Path> caches = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path cache : caches) Files.deleteIfExists(cache);
    }
  }

  /** The first 12 hex digits of the jar's SHA-256: enough to tell two builds apart. */
  private static String digest(Path jar) throws IOException {
    try (InputStream in = Files.newInputStream(jar)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
