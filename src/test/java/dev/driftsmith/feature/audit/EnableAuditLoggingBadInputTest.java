package dev.driftsmith.feature.audit;

import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * drift_enable_audit_logging refuses bad input with a message that starts with the field, and
 * changes nothing on disk. Run where audit logging and sync are already enabled, so "nothing" also
 * means the existing log stays as it is.
 */
class EnableAuditLoggingBadInputTest {
  static final String TOOL = "drift_enable_audit_logging";

  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "columns": [{"name": "title", "type": "text"}]}""");
    String wide = IntStream.range(0, 63).mapToObj(i -> "{\"name\": \"c" + i + "\", \"type\": \"text\"}").collect(Collectors.joining(", "));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"wide\", \"columns\": [" + wide + "]}");
    env.call("drift_enable_sync", """
        {"projectId": "p", "tables": ["notes"], "baseUrl": "https://example.com/sync"}""");
    env.call(TOOL, call("[\"notes\"]", "true", "true", ", \"retentionDays\": 30"));
  }

  static String call(String tables, String user, String values, String more) {
    return "{\"projectId\": \"p\", \"tables\": " + tables + ", \"captureUserInfo\": " + user + ", \"captureBeforeAfter\": " + values + more + "}";
  }

  static Stream<Arguments> badCalls() {
    return Stream.of(
        // arguments, the field the message must start with, a hint of the fix
        bad(call("[]", "true", "true", ""), "tables", "at least one table"),
        bad(call("\"notes\"", "true", "true", ""), "tables", "list"),
        bad(call("[\"nope\"]", "true", "true", ""), "tables[0]", "no table 'nope'"),
        bad(call("[\"notes\", \"notes\"]", "true", "true", ""), "tables[1]", "listed twice"),
        bad(call("[\"notes\", \"audit_log\"]", "true", "true", ""), "tables[1]", "never audited themselves"),
        bad(call("[\"audit_actor\"]", "true", "true", ""), "tables[0]", "never audited themselves"),
        bad(call("[\"sync_outbox\"]", "true", "true", ""), "tables[0]", "sync's bookkeeping"),
        bad(call("[\"sync_meta\"]", "true", "true", ""), "tables[0]", "sync's bookkeeping"),
        bad(call("[\"wide\"]", "true", "true", ""), "tables[0]", "at most 63"),
        bad("{\"projectId\": \"p\", \"tables\": [\"notes\"], \"captureBeforeAfter\": true}", "captureUserInfo", "required"),
        bad("{\"projectId\": \"p\", \"tables\": [\"notes\"], \"captureUserInfo\": true}", "captureBeforeAfter", "required"),
        bad(call("[\"notes\"]", "\"yes\"", "true", ""), "captureUserInfo", "true or false"),
        bad(call("[\"notes\"]", "true", "true", ", \"retentionDays\": 0"), "retentionDays", "1"),
        bad(call("[\"notes\"]", "true", "true", ", \"retentionDays\": 36501"), "retentionDays", "36500"),
        bad(call("[\"notes\"]", "true", "true", ", \"retentionDays\": 1.5"), "retentionDays", "whole number"),
        bad(call("[\"notes\"]", "true", "true", ", \"retentionDays\": \"30\""), "retentionDays", "number"),
        bad(call("[\"notes\"]", "true", "true", ", \"retention\": 30"), "retention", "accepted fields"),
        bad(call("[\"notes\"]", "true", "true", "").replace("\"p\"", "\"nope\""), "projectId", "project_list"));
  }

  static Arguments bad(String json, String field, String hint) {
    return Arguments.of(json, field, hint);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badCalls")
  void badInputNamesTheFieldAndChangesNothing(String json, String field, String hint) {
    env.assertRefused(root, TOOL, json, field, hint);
  }

  /** A wide table can still be audited without values: only capturing them needs json_object. */
  @Test
  void aWideTableIsAuditedWithoutValues() {
    env.call(TOOL, call("[\"notes\", \"wide\"]", "true", "false", ""));
  }
}
