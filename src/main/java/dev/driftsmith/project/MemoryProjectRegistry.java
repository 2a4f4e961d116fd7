package dev.driftsmith.project;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/** A registry that is never saved: for `demo` and the CLI commands that take a folder. */
public final class MemoryProjectRegistry implements ProjectRegistry {
  private final Map<String, Path> entries = new TreeMap<>();
  private final ReentrantLock lock = new ReentrantLock();

  @Override
  public synchronized Map<String, Path> all() {
    return new TreeMap<>(entries);
  }

  @Override
  public synchronized void put(String id, Path root) {
    entries.put(id, root.toAbsolutePath().normalize());
  }

  @Override
  public synchronized boolean remove(String id) {
    return entries.remove(id) != null;
  }

  /** Nothing is shared with other processes, so an in-process lock is enough. */
  @Override
  public Exclusive exclusive() {
    lock.lock();
    return lock::unlock;
  }
}
