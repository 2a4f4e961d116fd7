package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.TestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the folder of migration files reads only the files that may have changed since the last read. */
class MigrationFolderTest {
  @TempDir
  Path tmp;

  @Test
  void settledFilesAreReadOnceAndAFileRewrittenUnderneathIsReadAgain() throws Exception {
    Path root = new TestEnv().projectWithNotes(tmp.resolve("app"));
    // Past the two seconds within which a file may change without a new stat.
    Thread.sleep(2100);
    MigrationFolder.Snapshot first = MigrationFolder.read(root);
    long reads = MigrationFolder.READS.reads();
    assertEquals(first, MigrationFolder.read(root));
    assertEquals(reads, MigrationFolder.READS.reads(), "no settled file is read twice");

    MigrationFile.Read read = first.files().get(0);
    Path file = root.resolve(read.path());
    FileTime modified = Files.getLastModifiedTime(file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, text.replaceFirst("TEXT", "BLOB"), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, modified);

    MigrationFile.Read again = MigrationFolder.read(root).files().get(0);
    assertEquals(reads + 1, MigrationFolder.READS.reads());
    assertTrue(read.problems().isEmpty());
    assertFalse(again.problems().isEmpty(), "the rewritten file is read as it is now: edited by hand");
  }
}
