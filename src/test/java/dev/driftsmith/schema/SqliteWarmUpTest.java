package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The warm-up reports a failure on stderr and goes on: each of its statements must pass the sandbox, or it warms nothing. */
class SqliteWarmUpTest {
  @Test
  void everyStepOfTheWarmUpRunsInTheSandbox() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      SqliteWarmUp.run();
    } finally {
      System.setErr(err);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
