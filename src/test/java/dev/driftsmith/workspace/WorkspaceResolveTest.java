package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace finds its root's real path once, for every path it resolves: a root replaced during
 * the call by a link to another folder does not make that folder the project.
 */
class WorkspaceResolveTest {
  @TempDir
  Path dir;

  @Test
  void aRootReplacedByALinkElsewhereIsRefusedNotFollowed() throws IOException {
    Path root = Files.createDirectories(dir.resolve("app/lib"));
    root = root.getParent();
    Workspace workspace = new Workspace(root);
    assertEquals(root.resolve("lib/a.dart"), workspace.resolve("lib/a.dart"));

    Files.move(root, dir.resolve("moved"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/lib"));
    Files.createSymbolicLink(root, elsewhere.getParent());
    IOException refused = assertThrows(IOException.class, () -> workspace.resolve("lib/a.dart"));
    assertTrue(refused.getMessage().contains("follows a symbolic link out of the project root"), refused.getMessage());
  }

  /**
   * Reading takes a plain file in a folder already found inside the root without finding its real
   * path again; a link put in place of a file of that folder is still followed to its end and refused.
   */
  @Test
  void aLinkOutInAFolderAlreadyReadIsRefused() throws IOException {
    Path root = Files.createDirectories(dir.resolve("app/lib/data"));
    root = root.getParent().getParent();
    Files.writeString(root.resolve("lib/data/a.dart"), "a");
    Files.writeString(root.resolve("lib/data/b.dart"), "b");
    Path outside = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("secret.dart"), "secret");
    Workspace workspace = new Workspace(root);
    assertEquals("a", workspace.read("lib/data/a.dart").orElseThrow());

    Files.delete(root.resolve("lib/data/b.dart"));
    Files.createSymbolicLink(root.resolve("lib/data/b.dart"), outside);
    IOException refused = assertThrows(IOException.class, () -> workspace.read("lib/data/b.dart"));
    assertTrue(refused.getMessage().contains("follows a symbolic link out of the project root"), refused.getMessage());
    assertEquals("a", workspace.read("lib/data/a.dart").orElseThrow(), "a plain file of that folder is read as before");
  }

  /** A folder that is a link out of the root is never taken as inside it, however often a file in it is read. */
  @Test
  void aFolderLinkedOutIsRefusedOnEveryRead() throws IOException {
    Path root = Files.createDirectories(dir.resolve("app/lib"));
    root = root.getParent();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("a.dart"), "a");
    Files.createSymbolicLink(root.resolve("lib/data"), elsewhere);
    Workspace workspace = new Workspace(root);
    for (int i = 0; i < 2; i++) {
      IOException refused = assertThrows(IOException.class, () -> workspace.read("lib/data/a.dart"));
      assertTrue(refused.getMessage().contains("follows a symbolic link out of the project root"), refused.getMessage());
    }
  }
}
