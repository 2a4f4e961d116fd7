package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFileTest {
  @TempDir Path root;
  @TempDir Path elsewhere;

  @Test
  void replacesTheFileWholeAndMakesItsFolders() throws Exception {
    CacheFile.replace(root, CacheFile.FOLDER + "proofs", "one\n");
    CacheFile.replace(root, CacheFile.FOLDER + "proofs", "two\n");
    assertEquals("two\n", Files.readString(root.resolve(".dart_tool/driftsmith/proofs")));
    assertFalse(Files.exists(root.resolve(".dart_tool/driftsmith/proofs.tmp")));
  }

  @Test
  void aFolderLinkedOutOfTheProjectGetsNothingNotEvenAFolder() throws Exception {
    Files.createSymbolicLink(root.resolve(".dart_tool"), elsewhere);
    CacheFile.replace(root, CacheFile.FOLDER + "proofs", "x\n");
    try (var left = Files.list(elsewhere)) {
      assertEquals(0, left.count(), "nothing may be made outside the project root");
    }
  }
}
