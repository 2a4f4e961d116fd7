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

  /** A link left where the temp file goes is replaced, never followed: the file it leads to stays as it was. */
  @Test
  void aTempFileLinkedOutOfTheProjectIsReplacedNotFollowed() throws Exception {
    Path outside = Files.writeString(elsewhere.resolve("yours"), "yours\n");
    Files.createDirectories(root.resolve(CacheFile.FOLDER));
    Files.createSymbolicLink(root.resolve(CacheFile.FOLDER + "proofs.tmp"), outside);
    CacheFile.replace(root, CacheFile.FOLDER + "proofs", "x\n");
    assertEquals("yours\n", Files.readString(outside));
    assertEquals("x\n", Files.readString(root.resolve(CacheFile.FOLDER + "proofs")));
  }

  /** A cache folder that is a file, or a link to nothing, gets nothing; the caller's write goes on. */
  @Test
  void aCacheFolderThatIsAFileOrALinkToNothingGetsNothing() throws Exception {
    Files.createDirectories(root.resolve(".dart_tool"));
    Files.writeString(root.resolve(".dart_tool/driftsmith"), "a file\n");
    CacheFile.replace(root, CacheFile.FOLDER + "proofs", "x\n");
    assertEquals("a file\n", Files.readString(root.resolve(".dart_tool/driftsmith")));

    Files.delete(root.resolve(".dart_tool/driftsmith"));
    Files.createSymbolicLink(root.resolve(".dart_tool/driftsmith"), elsewhere.resolve("gone"));
    CacheFile.replace(root, CacheFile.FOLDER + "proofs", "x\n");
    assertFalse(Files.exists(elsewhere.resolve("gone")), "nothing may be made outside the project root");
  }
}
