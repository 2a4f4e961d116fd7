package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's lock file: never created outside the project, and a folder in its place is refused with what to do. */
class LockFileTest {
  @TempDir
  Path dir;

  @Test
  void aLinkSwappedInAtDartToolWhileTheLockIsTakenNeverLeadsOutOfTheProject() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path dartTool = root.resolve(".dart_tool");
    Path aside = root.resolve(".dart_tool.aside");
    Path link = Files.createSymbolicLink(root.resolve(".dart_tool.link"), outside);
    AtomicBoolean stop = new AtomicBoolean();
    Thread swapper = new Thread(() -> {
      while (!stop.get()) {
        try {
          Files.move(dartTool, aside, StandardCopyOption.ATOMIC_MOVE);
          Files.move(link, dartTool, StandardCopyOption.ATOMIC_MOVE);
          Thread.onSpinWait();
          Files.move(dartTool, link, StandardCopyOption.ATOMIC_MOVE);
          Files.move(aside, dartTool, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          // The call created .dart_tool while it was aside: put things back as they were.
          tidy(dartTool, aside, link, outside);
        }
      }
    });
    swapper.start();
    int calls = 0;
    long end = System.nanoTime() + 6_000_000_000L;
    try {
      while (System.nanoTime() < end && !Files.exists(outside.resolve("driftsmith.lock"), LinkOption.NOFOLLOW_LINKS)) {
        try {
          ProjectService.upToDate(root, "p", ProjectService.Options.WRITE);
        } catch (ToolException | IOException | RuntimeException refused) {
          // Refused (a link at .dart_tool), or a folder that vanished under the call (the swapper moves it aside):
          // what this test asks is only where the lock file was created.
        }
        calls++;
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
    assertTrue(calls > 10, "calls: " + calls);
    assertFalse(Files.exists(outside.resolve("driftsmith.lock"), LinkOption.NOFOLLOW_LINKS),
        "a lock file was created outside the project after " + calls + " calls");
  }

  @Test
  void aFolderAtTheLockFilesNameIsRefusedWithWhatToDoAndNothingIsWritten() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir.resolve("p"));
    Path lockFile = root.resolve(ProjectService.LOCK_FILE);
    Files.deleteIfExists(lockFile);
    Files.createDirectories(lockFile);
    Files.writeString(root.resolve("driftsmith.yaml"), "# mine\n" + Files.readString(root.resolve("driftsmith.yaml")));
    Map<String, String> cache = TestEnv.cache(root);
    Map<String, String> files = TestEnv.files(root);
    ToolException refused = env.error("project_generate", "{\"projectId\": \"p\"}");
    assertTrue(refused.getMessage().contains(".dart_tool/driftsmith.lock in " + root + " is a folder; nothing was written: "
        + "delete it, Driftsmith creates its lock file itself"), refused.getMessage());
    assertEquals(files, TestEnv.files(root));
    assertEquals(cache, TestEnv.cache(root));
  }

  private static void tidy(Path dartTool, Path aside, Path link, Path outside) {
    try {
      if (Files.isSymbolicLink(dartTool)) {
        Files.move(dartTool, link, StandardCopyOption.ATOMIC_MOVE);
      } else if (Files.isDirectory(dartTool) && Files.isDirectory(aside)) {
        TestEnv.deleteRecursively(dartTool);
      }
      if (!Files.exists(dartTool, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(aside)) Files.move(aside, dartTool);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, outside);
    } catch (IOException | RuntimeException e) {
      // The next round tries again.
    }
  }
}
