package dev.driftsmith.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Helpers for tests of several writers: calls started together, and symbolic links. */
public final class Concurrently {
  private Concurrently() {}

  /** Runs every call on its own thread, all at once, and returns their results in order. */
  public static <T> List<T> run(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<T> out = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(calls)) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code link} → {@code target}; skips the test where the file system has no symbolic links. */
  public static Path symlink(Path link, Path target) {
    try {
      return Files.createSymbolicLink(link, target);
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links are not available here: " + e);
      return link;
    }
  }
}
