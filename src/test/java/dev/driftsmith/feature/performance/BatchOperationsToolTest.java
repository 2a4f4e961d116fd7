package dev.driftsmith.feature.performance;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drift_configure_batch_operations with useTransaction and a pause, as offline-flutter-pwa-builder sends it:
 * each batch in its own transaction, with the pause between them. There is no SQL of ours in batch_writer.dart
 * (drift writes the INSERTs), so the generated Dart is checked by the syntax gate and by its text.
 */
class BatchOperationsToolTest {
  static final String FILE = "lib/data/batch/batch_writer.dart";

  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();
  Path root;

  @BeforeEach
  void project() {
    root = env.projectWithNotes(dir.resolve("p"));
  }

  ToolResult configure(String extra) {
    return env.call("drift_configure_batch_operations", "{\"projectId\": \"p\", \"batchSize\": 200" + extra + "}");
  }

  @Test
  void aTransactionWithAPauseRunsEachBatchInItsOwnTransaction() throws Exception {
    ToolResult result = configure(", \"useTransaction\": true, \"delayBetweenBatchesMs\": 250");
    assertContains(result.summary(), "each batch commits in its own transaction before the pause");
    assertEquals(new BatchOperationsConfig(200, true, true, 250), ManifestFiles.manifest(root)
        .get(BatchOperationsConfig.KEY).orElseThrow());
    String dart = TestEnv.read(root, FILE);
    assertEquals(List.of(), DartSyntax.problems(dart));
    assertContains(dart, "    this.useTransaction = true,\n");
    assertContains(dart, "    this.delayBetweenBatches = const Duration(milliseconds: 250),\n");
    // One transaction around all chunks only without a pause; the pause is taken between committed chunks.
    assertContains(dart, "  bool get _oneTransaction => useTransaction && delayBetweenBatches == Duration.zero;\n");
    assertContains(dart, "    if (_oneTransaction) return _db.transaction(() => _chunks(rows, write));\n");
    assertContains(dart, "        await _db.transaction(() => _db.batch((batch) => write(batch, chunk)));\n");
    assertContains(dart, "        if (_oneTransaction) rethrow;\n");
    assertContains(dart, "      if (more && delayBetweenBatches > Duration.zero) {\n        await Future<void>.delayed(delayBetweenBatches);\n");
    assertFalse(dart.contains("if (useTransaction)"), "useTransaction alone no longer means one transaction");
  }

  /** Each batch commits on its own, so going on after a failed batch is meaningful again. */
  @Test
  void aTransactionWithAPauseMayGoOnAfterAFailedBatch() throws Exception {
    configure(", \"useTransaction\": true, \"stopOnError\": false, \"delayBetweenBatchesMs\": 10");
    assertEquals(new BatchOperationsConfig(200, true, false, 10), ManifestFiles.manifest(root)
        .get(BatchOperationsConfig.KEY).orElseThrow());
    assertContains(TestEnv.read(root, FILE), "    this.stopOnError = false,\n");
  }

  @Test
  void oneTransactionWithoutAPauseStillStopsAtTheFirstFailure() {
    env.assertRefused(root, "drift_configure_batch_operations",
        "{\"projectId\": \"p\", \"batchSize\": 200, \"useTransaction\": true, \"stopOnError\": false}", "stopOnError",
        "in one transaction a failed chunk rolls back everything; set useTransaction: false, or a delayBetweenBatchesMs");
  }

  @Test
  void oneTransactionWithoutAPauseIsUnchanged() {
    ToolResult result = configure(", \"useTransaction\": true, \"delayBetweenBatchesMs\": 0");
    assertFalse(result.summary().contains("its own transaction"), result.summary());
    assertContains(TestEnv.read(root, FILE), "    this.delayBetweenBatches = const Duration(milliseconds: 0),\n");
  }
}
