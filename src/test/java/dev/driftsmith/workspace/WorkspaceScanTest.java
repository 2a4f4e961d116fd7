package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan for generated files reads a file's header only when the file may have changed since the last scan. */
class WorkspaceScanTest {
  @TempDir
  Path root;

  @Test
  void settledFilesAreReadOnceAndAHeaderRemovedUnderneathIsSeen() throws Exception {
    String ours = GeneratedHeader.wrap("lib/a.dart", "class A {}\n");
    Path file = Files.createDirectories(root.resolve("lib")).resolve("a.dart");
    Files.writeString(file, ours, StandardCharsets.UTF_8);
    Files.writeString(root.resolve("lib/b.dart"), "class B {}\n", StandardCharsets.UTF_8);
    // Past the two seconds within which a file may change without a new stat.
    Thread.sleep(2100);
    Workspace workspace = new Workspace(root);
    assertEquals(List.of("lib/a.dart"), workspace.scan().generated());
    long reads = Workspace.HEADERS.reads();
    assertEquals(List.of("lib/a.dart"), workspace.scan().generated());
    assertEquals(reads, Workspace.HEADERS.reads(), "no settled file is read twice");

    // The user's copy of the file, under the same name, size and time: not ours any more.
    FileTime modified = Files.getLastModifiedTime(file);
    Files.writeString(file, ours.replace(GeneratedHeader.MARK, "X".repeat(GeneratedHeader.MARK.length())), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, modified);
    assertEquals(List.of(), workspace.scan().generated());
  }
}
