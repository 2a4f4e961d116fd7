package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history its record confirms may have its fresh install stand in for the upgraded database only
 * where the two are the same database: a step whose statements put rows in it (a feature's data
 * step, such as the node id the global-ids upgrade inserts) gives upgraded databases rows that no
 * fresh install has, and the next step must be proven on those rows, in a new process as in the one
 * that recorded the history.
 */
class ConfirmedStandInTest {
  @TempDir
  Path tmp;

  private SchemaSteps steps;
  private Manifest seeded;

  @BeforeEach
  void historyWithARowsStep() throws Exception {
    SchemaSteps.forgetAll();
    TestEnv env = new TestEnv();
    Path project = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"tags\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    steps = env.tools.context().projects().generator().steps();
    Manifest m = ManifestFiles.manifest(project);
    // Not hand-written: the kind of step a feature records with rows for the new schema.
    seeded = steps.record(m, m, "a first tag", List.of("INSERT INTO tags (id, label) VALUES (1, 'first')"));
  }

  /** The step SQLite refuses on every upgraded database: the row with id 1 is there already. */
  private Manifest clashingStep() throws ToolException {
    return steps.custom(seeded, "another tag", List.of("INSERT INTO tags (id, label) VALUES (1, 'second')"), List.of());
  }

  @Test
  void theStepAfterARowsStepIsRefusedInTheProcessThatRecordedIt() {
    ToolException refused = assertThrows(ToolException.class, this::clashingStep);
    assertTrue(refused.getMessage().contains("UNIQUE constraint failed"), refused::getMessage);
  }

  @Test
  void theStepAfterARowsStepIsRefusedInANewProcessWhoseHistoryTheRecordConfirmed() throws Exception {
    SchemaSteps.forgetAll();
    steps.verify(seeded);
    ToolException refused = assertThrows(ToolException.class, this::clashingStep,
        "a fresh install, which has no rows, stood in for the upgraded database");
    assertTrue(refused.getMessage().contains("UNIQUE constraint failed"), refused::getMessage);
  }
}
