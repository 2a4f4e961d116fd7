package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state a call compares before it writes finds every change made to driftsmith.yaml or a
 * migration file since it was read, though it hashes only the files that may have changed.
 */
class ProjectStateTest {
  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();

  @Test
  void aMigrationFileRewrittenWithTheSameSizeWithinTheSameSecondIsSeenAsChanged() throws Exception {
    Path root = env.projectWithNotes(tmp.resolve("app"));
    String migration = firstMigration(root);
    ProjectState loaded = ProjectState.read(root);
    rewriteKeepingSizeAndTime(root.resolve(migration));
    assertEquals(List.of(migration), loaded.changedIn(ProjectState.read(root)));
  }

  @Test
  void settledFilesAreHashedOnceAndARewriteWithTheSameSizeAndTimeIsStillSeen() throws Exception {
    Path root = env.projectWithNotes(tmp.resolve("app"));
    String migration = firstMigration(root);
    // Past the two seconds within which a file may change without a new stat.
    Thread.sleep(2100);
    ProjectState loaded = ProjectState.read(root);
    long reads = ProjectState.HASHES.reads();
    ProjectState again = ProjectState.read(root);
    assertEquals(reads, ProjectState.HASHES.reads(), "no settled file is hashed twice");
    assertEquals(List.of(), loaded.changedIn(again));

    rewriteKeepingSizeAndTime(root.resolve(migration));
    assertEquals(List.of(migration), loaded.changedIn(ProjectState.read(root)));
    assertEquals(reads + 1, ProjectState.HASHES.reads(), "only the rewritten file is hashed");
  }

  private static String firstMigration(Path root) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("driftsmith/migrations"))) {
      return "driftsmith/migrations/" + files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
  }

  /** Another program's edit that keeps the size, and sets the modification time back (as an archive or a sync tool does). */
  private static void rewriteKeepingSizeAndTime(Path file) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int at = text.indexOf("TEXT");
    Files.writeString(file, text.substring(0, at) + "BLOB" + text.substring(at + 4), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, modified);
  }
}
