package dev.driftsmith.project;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time for the state guarded by a lock file, across the threads of this JVM and
 * across processes (two assistants, each with its own server, open on one project).
 *
 * <p>An OS file lock alone is not enough: it belongs to the whole process, and a second
 * {@code FileChannel.lock} from the same JVM throws instead of waiting. So each lock file also has
 * one in-process lock, and only the thread holding that one takes the OS lock. Both are keyed by the
 * lock file's real path, so a folder reached through a symlink, or by two spellings, is one lock.
 *
 * <p>Re-entrant: a thread that holds the lock may take it again (a call that regenerates inside a
 * larger call); the OS lock is released when the outermost holder closes. Close it on the thread
 * that acquired it, in a try-with-resources.
 */
public final class WriterLock implements AutoCloseable {
  /** How long a writer waits for another before giving up with a clear error. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private static final Map<Path, Entry> LOCKS = new ConcurrentHashMap<>();

  /** The in-process lock of one lock file and, while held, the OS lock on it. */
  private static final class Entry {
    final ReentrantLock threads = new ReentrantLock();
    FileChannel channel;
    FileLock os;
  }

  private final Entry entry;
  private boolean closed;

  private WriterLock(Entry entry) {
    this.entry = entry;
  }

  /** Waits up to {@code timeout} for the lock on {@code lockFile}, creating the file and its folder. */
  public static WriterLock acquire(Path lockFile, Duration timeout) throws IOException {
    Path key = realPath(lockFile);
    return acquire(key, () -> open(key), timeout);
  }

  /**
   * The lock on the file {@code relative} inside the folder {@code root}, as ".dart_tool/driftsmith.lock": opened one
   * name at a time from {@code root}, following no link at any of them, so that a folder swapped for
   * a link after the caller checked it cannot lead the lock file out of {@code root}. Its folders must exist.
   */
  public static WriterLock acquireInside(Path root, Path relative) throws IOException {
    Path realRoot = root.toRealPath();
    Path key = realRoot.resolve(relative).normalize();
    return acquire(key, () -> openInside(realRoot, relative), DEFAULT_TIMEOUT);
  }

  /** Opens a lock file: the one step that differs between a lock file anywhere and one inside a folder. */
  private interface Opener {
    FileChannel open() throws IOException;
  }

  private static WriterLock acquire(Path key, Opener opener, Duration timeout) throws IOException {
    Entry entry = LOCKS.computeIfAbsent(key, k -> new Entry());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!entry.threads.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new Busy(key, timeout, "another call in this server");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + key);
    }
    try {
      if (entry.threads.getHoldCount() == 1) lockFile(entry, key, opener, deadline, timeout);
      return new WriterLock(entry);
    } catch (IOException | RuntimeException e) {
      entry.threads.unlock();
      throw e;
    }
  }

  public static WriterLock acquire(Path lockFile) throws IOException {
    return acquire(lockFile, DEFAULT_TIMEOUT);
  }

  /** Releases this hold; the OS lock goes with the outermost one. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      if (entry.threads.getHoldCount() == 1) {
        try (FileChannel channel = entry.channel) {
          entry.os.release();
        } finally {
          entry.os = null;
          entry.channel = null;
        }
      }
    } finally {
      entry.threads.unlock();
    }
  }

  /** Thrown when another writer held the lock for longer than the timeout. */
  public static final class Busy extends IOException {
    Busy(Path lockFile, Duration timeout, String holder) {
      super(holder + " has been writing for more than " + timeout.toSeconds() + " s (lock file " + lockFile
          + "); nothing was written, try again when it is done");
    }
  }

  private static void lockFile(Entry entry, Path key, Opener opener, long deadline, Duration timeout) throws IOException {
    FileChannel channel = opener.open();
    try {
      entry.os = waitForOsLock(channel, key, deadline, timeout);
      entry.channel = channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Opens the lock file itself, never what a symbolic link at its name points to: creating it
   * through a link would create a file wherever the link leads, outside the folder we were given.
   */
  private static FileChannel open(Path key) throws IOException {
    try {
      return FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      if (!Files.isSymbolicLink(key)) throw e;
      throw new IOException("the lock file " + key + " is a symbolic link; nothing was written: delete the link"
          + " (Driftsmith creates the file itself)", e);
    }
  }

  /**
   * Opens {@code relative} below {@code realRoot} through the folders' own handles (openat with
   * O_NOFOLLOW): checking the path first and opening it after leaves a moment in which a folder on
   * it can become a link, and the open would follow it.
   */
  private static FileChannel openInside(Path realRoot, Path relative) throws IOException {
    try (DirectoryStream<Path> top = Files.newDirectoryStream(realRoot)) {
      // Windows has no such handles; there the caller's checks before the open are all there is.
      if (!(top instanceof SecureDirectoryStream<Path> secure)) return open(realRoot.resolve(relative));
      return openBelow(secure, relative, realRoot);
    }
  }

  private static FileChannel openBelow(SecureDirectoryStream<Path> folder, Path relative, Path at) throws IOException {
    Path name = relative.getName(0);
    try {
      if (relative.getNameCount() == 1) {
        SeekableByteChannel channel = folder.newByteChannel(name, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        if (channel instanceof FileChannel file) return file;
        channel.close();
        return open(at.resolve(name));
      }
      try (SecureDirectoryStream<Path> next = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
        return openBelow(next, relative.subpath(1, relative.getNameCount()), at.resolve(name));
      }
    } catch (IOException e) {
      if (!Files.isSymbolicLink(at.resolve(name))) throw e;
      throw new IOException(at.resolve(name) + " is a symbolic link; nothing was written: make it a plain "
          + (relative.getNameCount() == 1 ? "file, or delete it (Driftsmith creates its lock file itself)" : "folder"), e);
    }
  }

  /**
   * Waits in the OS's queue for the lock rather than polling: a poller in another process would lose
   * nearly every race against the next thread here, which takes the lock the moment it is free. A
   * timer closes the channel at the deadline, which ends the wait.
   */
  private static FileLock waitForOsLock(FileChannel channel, Path key, long deadline, Duration timeout) throws IOException {
    FileLock free = channel.tryLock();
    if (free != null) return free;
    ScheduledFuture<?> alarm = TIMER.schedule(() -> closeQuietly(channel),
        Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    try {
      FileLock os = channel.lock();
      // The alarm may have closed the channel just after the lock was granted: then it is not held.
      if (!alarm.cancel(false)) throw new Busy(key, timeout, "another process");
      return os;
    } catch (ClosedByInterruptException e) {
      throw new InterruptedIOException("interrupted while waiting for " + key);
    } catch (AsynchronousCloseException e) {
      throw new Busy(key, timeout, "another process");
    } finally {
      alarm.cancel(false);
    }
  }

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "driftsmith-lock-timeout");
    thread.setDaemon(true);
    return thread;
  });

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is what ends the wait; a failure to close leaves nothing to clean up.
    }
  }

  private static Path realPath(Path lockFile) throws IOException {
    Path folder = lockFile.toAbsolutePath().normalize().getParent();
    Files.createDirectories(folder);
    return folder.toRealPath().resolve(lockFile.getFileName().toString());
  }
}
