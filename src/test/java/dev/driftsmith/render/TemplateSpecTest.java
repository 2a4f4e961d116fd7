package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated file lands directly in the folder its template declares, whatever name the manifest
 * gives it: the second guard behind the manifest check, for a manifest that reaches rendering
 * without it.
 */
class TemplateSpecTest {
  static final TemplateSpec TABLE = TemplateSpec.of("schema.table", "Table class", "schema/table.dart", "lib/data/tables", "")
      .withFileName("{{sqlName}}");

  record Named(String sqlName) {}

  @TempDir
  Path dir;

  @Test
  void aRenderedNameIsOnePlainFileNameInTheDeclaredFolder() {
    Renderer renderer = new Renderer();
    assertEquals("lib/data/tables/todo_items.dart", TABLE.outputPath(renderer, new Named("todo_items")));
    TemplateSpec dotfile = TemplateSpec.of("core.gitignore", ".gitignore", "core/gitignore", "", "");
    assertEquals(".gitignore", dotfile.outputPath(renderer, new NoContext()), "a dotfile at the root is a plain name");
    for (String bad : List.of("../../../x", "a/b", ".", "x.", "/etc/passwd", "a\\b", "x y")) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TABLE.outputPath(renderer, new Named(bad)), bad);
      assertTrue(e.getMessage().contains("not a file directly in lib/data/tables"), e.getMessage());
    }
  }

  @Test
  void theFileNameAndExtensionComeFromTheSource() {
    Renderer renderer = new Renderer();
    TemplateSpec connection = TemplateSpec.of("schema.connection", "Connection", "schema/connection.dart", "lib/data", "");
    assertEquals("connection", connection.filename());
    assertEquals("dart", connection.extension());
    assertEquals("lib/data/connection.dart", connection.outputPath(renderer, new NoContext()));
    assertEquals("README.md", TemplateSpec.of("core.readme", "README.md", "core/README.md", "", "")
        .outputPath(renderer, new NoContext()), "a file at the root has no folder in front");
    assertEquals("lib/data/search/search.drift", TemplateSpec.of("search.drift", "Search indexes", "search/search.drift",
        "lib/data/search", "").outputPath(renderer, new NoContext()));
  }

  @Test
  void anUncheckedManifestWithATableNameThatLeavesTheProjectDoesNotRender() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("app"));
    Manifest manifest = ManifestFiles.manifest(root);
    List<Table> tables = new ArrayList<>(manifest.schema().tables());
    tables.add(new Table("../../../x", List.of(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null)),
        false, false, List.of()));
    Manifest unchecked = manifest.mapSchema(s -> s.withTables(tables));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> env.tools.context().projects().generator().render(unchecked));

    assertEquals("template schema.table would write 'lib/data/tables/../../../x.dart', which is not a file directly in "
        + "lib/data/tables; a name in driftsmith.yaml is not a plain name", e.getMessage());
  }
}
