package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Field paths of a driftsmith.yaml text to their lines, as problems name them. */
class ManifestLinesTest {
  static final String YAML = """
      # a comment
      project:
        id: app
      schema:
        version: 2
        tables:
        - name: todos
          columns:
          - { name: id, type: integer }
          - name: title
            type: text
      features:
        conflictResolution:
          fieldStrategies:
            todos.title: clientWins
      """;

  @Test
  void everyFieldHasTheLineItIsWrittenOn() {
    ManifestLines lines = ManifestLines.of(YAML);
    assertEquals(2, lines.lineOf("project"));
    assertEquals(3, lines.lineOf("project.id"));
    assertEquals(5, lines.lineOf("schema.version"));
    assertEquals(7, lines.lineOf("schema.tables[0]"));
    assertEquals(7, lines.lineOf("schema.tables[0].name"));
    assertEquals(9, lines.lineOf("schema.tables[0].columns[0].type"));
    assertEquals(10, lines.lineOf("schema.tables[0].columns[1]"));
    assertEquals(11, lines.lineOf("schema.tables[0].columns[1].type"));
    assertEquals(15, lines.lineOf("features.conflictResolution.fieldStrategies.todos.title"));
  }

  @Test
  void aFieldTheFileLacksHasTheLineOfItsNearestAncestor() {
    ManifestLines lines = ManifestLines.of(YAML);
    assertEquals(11, lines.lineOf("schema.tables[0].columns[1].type.extra"));
    assertEquals(10, lines.lineOf("schema.tables[0].columns[1].nullable"));
    assertEquals(6, lines.lineOf("schema.tables[3].name"));
    assertEquals(2, lines.lineOf("database.name"), "the top-level mapping starts on line 2");
  }

  @Test
  void aKeyWrittenTwiceIsAProblemOnItsSecondLine() {
    ManifestLines lines = ManifestLines.of("project:\n  id: a\n  name: a\n  id: b\n");
    assertEquals(List.of(new ManifestProblem("project.id", "is written twice in one mapping (YAML would keep only the last); keep one", 4)),
        lines.problems());
  }

  @Test
  void anEmptyListEntryIsAProblemOnItsLine() {
    ManifestLines lines = ManifestLines.of("schema:\n  tables:\n  - name: a\n  -\n");
    assertEquals(List.of(new ManifestProblem("schema.tables[1]", "is an empty entry (a '-' with nothing after it); remove the line or fill it in", 4)),
        lines.problems());
  }

  @Test
  void aSyntaxErrorKeepsTheLinesReadBeforeIt() {
    ManifestLines lines = ManifestLines.of("project:\n  id: a\nschema:\n  version: 2\n   bad: indent\n");
    assertEquals(4, lines.lineOf("schema.version"));
  }
}
