package dev.driftsmith.feature.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * drift_generate_repository refuses bad input with a message that starts with the field, and changes
 * nothing: every file of the project, driftsmith.yaml included, stays byte-for-byte the same.
 */
class RepositoryBadInputTest {
  static final String TOOL = "drift_generate_repository";

  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = RepositoryFeatureTest.fixture(env, dir);
    env.call("drift_add_table", """
        {"projectId": "p", "name": "memberships", "columns": [
          {"name": "itemId", "type": "integer", "primaryKey": true},
          {"name": "groupName", "type": "text", "primaryKey": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "blobs", "columns": [{"name": "hash", "type": "blob", "primaryKey": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "flags", "columns": [{"name": "active", "type": "boolean", "primaryKey": true}]}""");
    // A repository already exists: a refused call must not touch it either.
    env.call(TOOL, RepositoryFeatureTest.call("items", "read,list", true, 60));
  }

  static Stream<Arguments> badCalls() {
    String ok = "\"projectId\": \"p\", \"tableName\": \"items\", \"includeCache\": true";
    return Stream.of(
        // arguments, the field the message must start with, a hint of the fix
        bad("{\"projectId\": \"p\", \"tableName\": \"nope\", \"operations\": [\"read\"], \"includeCache\": false}", "tableName", "drift_add_table"),
        bad("{\"projectId\": \"p\", \"operations\": [\"read\"], \"includeCache\": false}", "tableName", "required"),
        bad("{\"projectId\": \"p\", \"tableName\": \"memberships\", \"operations\": [\"read\"], \"includeCache\": false}", "tableName", "composite"),
        bad("{\"projectId\": \"p\", \"tableName\": \"blobs\", \"operations\": [\"read\"], \"includeCache\": false}", "tableName", "integer, text"),
        bad("{\"projectId\": \"p\", \"tableName\": \"flags\", \"operations\": [\"read\"], \"includeCache\": false}", "tableName", "boolean primary key"),
        bad("{" + ok + ", \"operations\": []}", "operations", "at least one"),
        bad("{" + ok + "}", "operations", "required"),
        bad("{" + ok + ", \"operations\": \"read\"}", "operations", "list of strings"),
        bad("{" + ok + ", \"operations\": [\"read\", \"remove\"]}", "operations[1]", "create, read, update, delete, list"),
        bad("{" + ok + ", \"operations\": [\"Read\"]}", "operations[0]", "not accepted"),
        bad("{" + ok + ", \"operations\": [\"read\", \"list\", \"read\"]}", "operations[2]", "twice"),
        bad("{" + ok + ", \"operations\": [1]}", "operations[0]", "string"),
        bad("{\"projectId\": \"p\", \"tableName\": \"items\", \"operations\": [\"read\"]}", "includeCache", "required"),
        bad("{\"projectId\": \"p\", \"tableName\": \"items\", \"operations\": [\"read\"], \"includeCache\": \"yes\"}", "includeCache", "true or false"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"cacheTTL\": 0}", "cacheTTL", "whole number from 1"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"cacheTTL\": -30}", "cacheTTL", "whole number from 1"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"cacheTTL\": 2.5}", "cacheTTL", "whole number"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"cacheTTL\": \"300\"}", "cacheTTL", "whole number"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"cacheTTL\": 86401}", "cacheTTL", "86400"),
        bad("{\"projectId\": \"p\", \"tableName\": \"items\", \"operations\": [\"read\"], \"includeCache\": false, \"cacheTTL\": 60}", "cacheTTL", "includeCache: true"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"cacheTtl\": 60}", "cacheTtl", "unknown field"),
        bad("{" + ok + ", \"operations\": [\"read\"], \"ttl\": 60}", "ttl", "cacheTTL"),
        bad("{\"projectId\": \"nope\", \"tableName\": \"items\", \"operations\": [\"read\"], \"includeCache\": false}", "projectId", "project_list"));
  }

  static Arguments bad(String json, String field, String hint) {
    return Arguments.of(json, field, hint);
  }

  @ParameterizedTest
  @MethodSource("badCalls")
  void badInputNamesTheFieldAndChangesNothing(String json, String field, String hint) {
    env.assertRefused(root, TOOL, json, field, hint);
  }

  /** A project without tables at all: the same field-first message, nothing written. */
  @Test
  void aProjectWithoutTablesIsPointedAtDriftAddTable() {
    Path empty = env.project(dir.resolve("empty"), "empty");
    Map<String, String> before = TestEnv.files(empty);
    ToolException e = env.error(TOOL, "{\"projectId\": \"empty\", \"tableName\": \"items\", \"operations\": [\"read\"], \"includeCache\": false}");
    assertTrue(e.getMessage().startsWith("tableName: no table 'items'"), e.getMessage());
    assertEquals(before, TestEnv.files(empty));
  }
}
