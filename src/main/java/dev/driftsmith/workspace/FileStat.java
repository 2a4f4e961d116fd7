package dev.driftsmith.workspace;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the file system tells of a regular file without reading it: its size, modification and
 * change times (nanoseconds) and its identity (the inode on Unix). A write changes at least one of
 * them, except a write within the file system's clock tick of the one before it that keeps the
 * size: that is why a stat is trusted only once {@link #settled} (git's "racily clean" rule).
 * The change time is there because a program can set the modification time back; it cannot set
 * the change time.
 */
public record FileStat(long size, long modified, long changed, Object fileKey) {
  /** The coarsest file-time granularity in common use (FAT's two seconds). */
  public static final long SETTLED = TimeUnit.SECONDS.toNanos(2);

  /** Whether a file time {@code time} was settled at {@code at}: older by more than {@link #SETTLED}. */
  public static boolean settled(long time, long at) {
    return time < at - SETTLED;
  }

  /** Whether a later write is sure to change this stat, when it was taken at {@code at}. */
  public boolean settledAt(long at) {
    return settled(modified, at) && settled(changed, at);
  }

  /** The wall-clock time in nanoseconds, the clock file times are set by. */
  public static long now() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }

  /** The stat of {@code file}; null when it is missing or not a regular file. */
  public static FileStat of(Path file, LinkOption... options) throws IOException {
    try {
      if (UNIX) return ofUnix(file, options);
      BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, options);
      if (!basic.isRegularFile()) return null;
      long modified = nanos(basic.lastModifiedTime());
      return new FileStat(basic.size(), modified, modified, basic.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static FileStat ofUnix(Path file, LinkOption... options) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:isRegularFile,size,lastModifiedTime,ctime,fileKey", options);
    if (!Boolean.TRUE.equals(a.get("isRegularFile"))) return null;
    return new FileStat((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")),
        Objects.requireNonNullElse(a.get("fileKey"), ""));
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  /** Whether this platform has the "unix" attribute view, which gives the change time. */
  private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
}
