package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes keep the permissions of the file they replace; new files get what any new file gets (the umask). */
class WorkspacePermissionsTest {
  @TempDir
  Path root;

  @BeforeEach
  void posixOnly() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws Exception {
    Workspace workspace = new Workspace(root);
    workspace.writeAtomically("tool/run.sh", "echo one\n");
    Set<PosixFilePermission> chosen = PosixFilePermissions.fromString("rwxr-x---");
    Files.setPosixFilePermissions(root.resolve("tool/run.sh"), chosen);
    workspace.writeAtomically("tool/run.sh", "echo two\n");
    assertEquals("echo two\n", Files.readString(root.resolve("tool/run.sh")));
    assertEquals(chosen, Files.getPosixFilePermissions(root.resolve("tool/run.sh")));
  }

  @Test
  void aNewFileFollowsTheUmaskLikeAnyNewFile() throws Exception {
    Path reference = Files.createFile(root.resolve("made-by-anyone.txt"));
    assumeTrue(!PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)).equals("rw-------"),
        "under umask 077 every new file is rw------- anyway, so this test could not tell");
    new Workspace(root).writeAtomically("lib/data/database.dart", "// new\n");
    assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("lib/data/database.dart"))));
  }
}
