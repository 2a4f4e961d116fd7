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
}
