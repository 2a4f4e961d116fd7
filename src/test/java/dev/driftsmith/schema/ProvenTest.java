package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.SchemaStep;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memo of SQLite proofs: recognises what it proved, confuses nothing, and holds no schema in memory. */
class ProvenTest {
  private final Proven proven = new Proven();

  @Test
  void recognisesTheSameStatementsInOtherObjects() {
    proven.add(List.of(List.of("CREATE TABLE a (x)"), List.of("CREATE TABLE a (x)")));
    assertTrue(proven.contains(List.of(new ArrayList<>(List.of("CREATE TABLE a (x)")),
        List.of(new String("CREATE TABLE a (x)")))));
  }

  @Test
  void keysThatPrintAlikeStayApart() {
    proven.add(List.of("a", "b"));
    assertFalse(proven.contains(List.of("a, b")));
    assertFalse(proven.contains(List.of(List.of("a"), List.of("b"))));
    proven.add(Map.of("n", 5));
    assertFalse(proven.contains(Map.of("n", "5")));
    assertFalse(proven.contains(Map.of("n", "java.lang.Integer:5")));
  }

  @Test
  void keepsNoReferenceToWhatItProved() throws InterruptedException {
    // A proof reads the SQL of the whole schema: megabytes that must not stay in the heap.
    List<String> schema = new ArrayList<>();
    for (int i = 0; i < 1000; i++) schema.add("CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY, title TEXT)");
    WeakReference<List<String>> held = new WeakReference<>(schema);
    proven.add(List.of(schema));
    schema = null;
    for (int i = 0; i < 50 && held.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue(held.get() == null, "the memo still holds the statements it proved");
  }

  private static SchemaStep step(int version, String... up) {
    return new SchemaStep(version, "step " + version, List.of(up), List.of(), false);
  }

  @Test
  void aProofDigestIsTheSameForEqualStepsAndDiffersForAnyOtherStatement() {
    List<String> fresh = List.of("CREATE TABLE a (x)", "CREATE TABLE b (y)");
    ByteBuffer digest = Proven.proofDigest(fresh, List.of(step(2, "CREATE TABLE a (x)"), step(3, "CREATE TABLE b (y)")));
    assertEquals(digest, Proven.proofDigest(new ArrayList<>(fresh),
        List.of(step(2, new String("CREATE TABLE a (x)")), step(3, "CREATE TABLE b (y)"))));
    assertNotEquals(digest, Proven.proofDigest(fresh, List.of(step(2, "CREATE TABLE a (x)"), step(3, "CREATE TABLE b (z)"))));
    // The same statements, split otherwise between the steps or between the install and the history.
    assertNotEquals(digest, Proven.proofDigest(fresh, List.of(step(2, "CREATE TABLE a (x)", "CREATE TABLE b (y)"))));
    assertNotEquals(digest, Proven.proofDigest(List.of("CREATE TABLE a (x)"),
        List.of(step(2, "CREATE TABLE b (y)", "CREATE TABLE a (x)"), step(3, "CREATE TABLE b (y)"))));
  }

  @Test
  void aStepIsDigestedOnce() {
    SchemaStep step = step(2, "CREATE TABLE remembered (x)");
    assertSame(Proven.stepDigest(step), Proven.stepDigest(step));
    assertSame(Proven.stepDigest(step), Proven.stepDigest(step(2, "CREATE TABLE remembered (x)")), "an equal step is the same step");
    assertNotEquals(ByteBuffer.wrap(Proven.stepDigest(step)), ByteBuffer.wrap(Proven.stepDigest(step(2, "CREATE TABLE other (x)"))));
  }

  @Test
  void aProofDigestKeepsNoReferenceToTheStatementsOrStepsItRead() throws InterruptedException {
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < 1000; i++) fresh.add("CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY, title TEXT)");
    SchemaStep history = new SchemaStep(2, "tables", new ArrayList<>(fresh), List.of(), false);
    WeakReference<String> statement = new WeakReference<>(fresh.get(0));
    WeakReference<SchemaStep> step = new WeakReference<>(history);
    Proven.proofDigest(fresh, List.of(history));
    fresh = null;
    history = null;
    for (int i = 0; i < 50 && (statement.get() != null || step.get() != null); i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue(statement.get() == null && step.get() == null, "the digests still hold what they were made of");
  }
}
