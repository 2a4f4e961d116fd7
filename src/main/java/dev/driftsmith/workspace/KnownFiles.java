package dev.driftsmith.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What this process last read from each file (its hash, its parse), remembered with the file's
 * {@link FileStat}: every call reads the project's history, hundreds of files that never change,
 * and a stat costs far less than reading and hashing. A remembered value is given only while the
 * file has the very stat it had when read, and only when that stat was already
 * {@link FileStat#settledAt settled} then: a file read within two seconds of its last write could
 * be written again without a new stat, so it is read every time until it settles. A write from
 * another process is therefore always seen, as if every file were read.
 */
public final class KnownFiles<T> {
  /** Reads a file into the value remembered. */
  public interface Reader<T> {
    T read(Path file) throws IOException;
  }

  private record Known<T>(FileStat stat, T value) {}

  private final int capacity;
  private final LongSupplier clock;
  private final Map<Path, Known<T>> known;
  private final AtomicLong reads = new AtomicLong();

  /** Remembers up to {@code capacity} files, the least recently used forgotten first. */
  public KnownFiles(int capacity) {
    this(capacity, FileStat::now);
  }

  /** With {@code clock} (nanoseconds, as {@link FileStat#now}) telling when a file is read: tests move it on. */
  KnownFiles(int capacity, LongSupplier clock) {
    this.capacity = capacity;
    this.clock = clock;
    this.known = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Path, Known<T>> eldest) {
        return size() > KnownFiles.this.capacity;
      }
    };
  }

  /**
   * The value of {@code file}, whose stat the caller took just now: the remembered one when the
   * file still has that stat and it was settled when read, else {@code reader}'s.
   */
  public T get(Path file, FileStat stat, Reader<T> reader) throws IOException {
    Path key = file.toAbsolutePath();
    synchronized (known) {
      Known<T> k = known.get(key);
      if (k != null && k.stat().equals(stat)) return k.value();
    }
    // Taken before the read: a write after it gets a time at least this late.
    long readAt = clock.getAsLong();
    T value = reader.read(file);
    reads.incrementAndGet();
    synchronized (known) {
      if (stat.settledAt(readAt)) known.put(key, new Known<>(stat, value));
      else known.remove(key);
    }
    return value;
  }

  /** How many times a file was read rather than remembered, in this process (for tests and benchmarks). */
  public long reads() {
    return reads.get();
  }
}
