package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.Concurrently;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer lock: one holder per lock file, whatever path leads to it, in this process and across processes. */
class WriterLockTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @TempDir
  Path dir;

  @Test
  void oneFileReachedByTwoPathsIsOneLock() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Concurrently.symlink(dir.resolve("link"), real);
    try (WriterLock held = WriterLock.acquire(real.resolve("x.lock"))) {
      WriterLock.Busy busy = assertThrows(WriterLock.Busy.class, () -> onOtherThread(link.resolve("x.lock")));
      assertTrue(busy.getMessage().startsWith("another call in this server has been writing for more than "), busy.getMessage());
      assertThrows(WriterLock.Busy.class, () -> onOtherThread(dir.resolve("real/../real/./x.lock")));
    }
    onOtherThread(link.resolve("x.lock"));
  }

  @Test
  void aLinkAtTheLockFilesNameIsNeverFollowed() throws Exception {
    Path outside = dir.resolve("outside/created-through-the-link");
    Files.createDirectories(outside.getParent());
    Path lockFile = Concurrently.symlink(Files.createDirectories(dir.resolve("project")).resolve("x.lock"), outside);
    IOException refused = assertThrows(IOException.class, () -> WriterLock.acquire(lockFile, SHORT));
    assertTrue(refused.getMessage().contains("is a symbolic link; nothing was written: delete the link"), refused.getMessage());
    assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS), "no file was created where the link points");
    onOtherThread(dir.resolve("project/other.lock"));
  }

  @Test
  void aLockInsideAFolderIsNeverOpenedThroughALinkOnItsWay() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Concurrently.symlink(project.resolve(".dart_tool"), outside);
    IOException refused = assertThrows(IOException.class, () -> WriterLock.acquireInside(project, Path.of(".dart_tool/x.lock")));
    assertTrue(refused.getMessage().contains(".dart_tool is a symbolic link; nothing was written: make it a plain folder"),
        refused.getMessage());
    assertFalse(Files.exists(outside.resolve("x.lock"), LinkOption.NOFOLLOW_LINKS), "no file was created where the link points");
    Files.delete(project.resolve(".dart_tool"));
    Files.createDirectories(project.resolve(".dart_tool"));
    try (WriterLock held = WriterLock.acquireInside(project, Path.of(".dart_tool/x.lock"))) {
      assertThrows(WriterLock.Busy.class, () -> onOtherThread(project.resolve(".dart_tool/x.lock")));
    }
    assertTrue(Files.isRegularFile(project.resolve(".dart_tool/x.lock"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void theSameThreadMayTakeItAgainAndOnlyTheOutermostCloseReleasesIt() throws Exception {
    Path file = dir.resolve("x.lock");
    try (WriterLock outer = WriterLock.acquire(file)) {
      try (WriterLock inner = WriterLock.acquire(file, SHORT)) {
        assertThrows(WriterLock.Busy.class, () -> onOtherThread(file));
      }
      assertThrows(WriterLock.Busy.class, () -> onOtherThread(file), "still held by the outer hold");
    }
    onOtherThread(file);
  }

  @Test
  void aHolderThatThrowsReleasesTheLock() throws Exception {
    Path file = dir.resolve("x.lock");
    assertThrows(IllegalStateException.class, () -> {
      try (WriterLock held = WriterLock.acquire(file)) {
        throw new IllegalStateException("the call failed");
      }
    });
    onOtherThread(file);
  }

  @Test
  void anotherProcessHoldingTheLockMakesUsWaitThenGiveUpClearly() throws Exception {
    Path file = dir.resolve("x.lock");
    Process holder = holdInAnotherProcess(file);
    try {
      long start = System.nanoTime();
      WriterLock.Busy busy = assertThrows(WriterLock.Busy.class, () -> WriterLock.acquire(file, SHORT).close());
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(busy.getMessage().startsWith("another process has been writing"), busy.getMessage());
      assertTrue(busy.getMessage().contains("nothing was written, try again when it is done"), busy.getMessage());
      assertTrue(waitedMs >= 250 && waitedMs < 10_000, "waited " + waitedMs + " ms for a 300 ms timeout");
      // While this one waits in the OS's queue, the other process ends: the wait ends with the lock.
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try (WriterLock held = WriterLock.acquire(file, Duration.ofSeconds(60))) {
          // acquired
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(200);
      assertTrue(!waiting.isDone(), "acquired while the other process held it");
      holder.destroy();
      waiting.get(30, TimeUnit.SECONDS);
    } finally {
      holder.destroyForcibly();
    }
  }

  private static void onOtherThread(Path file) throws Exception {
    try {
      CompletableFuture.runAsync(() -> {
        try (WriterLock held = WriterLock.acquire(file, SHORT)) {
          // acquired
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause().getCause() instanceof WriterLock.Busy busy) throw busy;
      throw e;
    }
  }

  /** A separate JVM (a single-file Java program) that takes the OS lock and keeps it until killed. */
  private Process holdInAnotherProcess(Path file) throws Exception {
    Path program = Files.writeString(dir.resolve("Hold.java"), """
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;
        public class Hold {
          public static void main(String[] args) throws Exception {
            FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock();
            System.out.println("locked");
            Thread.sleep(600_000);
          }
        }
        """, StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), program.toString(), file.toString()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("locked", out.readLine(), "the holder process did not take the lock");
    return p;
  }
}
