package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file is read again whenever it may have changed: a new size, time or inode, a modification
 * time set back over a new content, or a stat too recent to trust; only a settled, unchanged
 * file is given from memory.
 */
class KnownFilesTest {
  @TempDir
  Path dir;

  /** Ten seconds from now: every file written by the test has settled by then. */
  private final KnownFiles<String> later = new KnownFiles<>(100, () -> FileStat.now() + TimeUnit.SECONDS.toNanos(10));

  private String get(KnownFiles<String> files, Path file) throws IOException {
    return files.get(file, FileStat.of(file), f -> Files.readString(f, StandardCharsets.UTF_8));
  }

  @Test
  void aSettledFileIsReadOnceAndAgainWhenItsContentChanges() throws IOException {
    Path file = Files.writeString(dir.resolve("a.sql"), "one");
    assertEquals("one", get(later, file));
    assertEquals("one", get(later, file));
    assertEquals(1, later.reads(), "the second get is remembered");

    Files.writeString(file, "three");
    assertEquals("three", get(later, file), "a new size is a new content");
    assertEquals(2, later.reads());
  }

  @Test
  void aRewriteWithTheSameSizeAndTheSameModificationTimeIsStillRead() throws Exception {
    Path file = Files.writeString(dir.resolve("a.sql"), "one");
    FileTime modified = Files.getLastModifiedTime(file);
    assertEquals("one", get(later, file));
    // Past the change time's clock tick (a few milliseconds): only the change time tells the rewrite apart.
    Thread.sleep(50);
    Files.writeString(file, "two");
    Files.setLastModifiedTime(file, modified);
    assertEquals(FileStat.of(file).modified(), modified.to(TimeUnit.NANOSECONDS));
    assertEquals("two", get(later, file));
  }

  @Test
  void aFileReplacedByAnotherIsRead() throws IOException {
    Path file = Files.writeString(dir.resolve("a.sql"), "one");
    FileTime modified = Files.getLastModifiedTime(file);
    assertEquals("one", get(later, file));
    Path other = Files.writeString(dir.resolve("b.sql"), "two");
    Files.setLastModifiedTime(other, modified);
    Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertEquals("two", get(later, file));
  }

  @Test
  void aFileReadWithinTwoSecondsOfItsLastWriteIsReadEveryTime() throws IOException {
    KnownFiles<String> now = new KnownFiles<>(100);
    Path file = Files.writeString(dir.resolve("a.sql"), "one");
    get(now, file);
    get(now, file);
    assertEquals(2, now.reads(), "a stat this recent can stay the same over a write");
  }

  @Test
  void theLeastRecentlyUsedFileIsForgottenPastTheCapacity() throws IOException {
    KnownFiles<String> two = new KnownFiles<>(2, () -> FileStat.now() + TimeUnit.SECONDS.toNanos(10));
    Path a = Files.writeString(dir.resolve("a.sql"), "a");
    Path b = Files.writeString(dir.resolve("b.sql"), "b");
    Path c = Files.writeString(dir.resolve("c.sql"), "c");
    get(two, a);
    get(two, b);
    get(two, a);
    get(two, c);
    assertEquals(3, two.reads());
    get(two, a);
    assertEquals(3, two.reads(), "a was used after b");
    get(two, b);
    assertEquals(4, two.reads(), "b was forgotten");
  }
}
