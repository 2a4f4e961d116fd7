package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.tool.Tool;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SDK's own schema validator would check in a running server, checked here once instead
 * (the server gives the SDK {@link TestedSchemas}): every tool's input schema and the change-set
 * output schema are valid JSON Schema 2020-12, and the change sets real calls return conform to it.
 */
class TestedSchemasTest {
  private final JsonSchemaValidator sdk = new DefaultJsonSchemaValidator();
  private final TestEnv env = new TestEnv();

  @TempDir
  Path tmp;

  @Test
  void everyToolSchemaIsValidJsonSchema() {
    for (Tool tool : env.tools.all()) {
      JsonSchemaValidator.ValidationResponse input = sdk.validateSchema(tool.inputSchema());
      assertTrue(input.valid(), () -> tool.name() + " inputSchema: " + input.errorMessage());
    }
    JsonSchemaValidator.ValidationResponse output = sdk.validateSchema(ChangeSet.outputSchema());
    assertTrue(output.valid(), output::errorMessage);
  }

  @Test
  void theValidatorTellsABrokenSchema() {
    // The check above can fail: a schema whose type is not a JSON Schema type is refused.
    assertTrue(!sdk.validateSchema(Map.of("type", "struct")).valid(), "an invalid schema passes the SDK's validator");
  }

  @Test
  void theChangeSetsOfRealCallsConformToTheOutputSchema() {
    String app = tmp.resolve("app").toString();
    List<McpSchema.CallToolResult> results = List.of(
        McpCalls.call(env.tools, "project_create", Map.of("name", "schema_app", "path", app)),
        McpCalls.call(env.tools, "drift_add_table", Map.of("projectId", "schema_app", "name", "notes",
            "columns", List.of(Map.of("name", "title", "type", "text")))),
        McpCalls.call(env.tools, "drift_enable_sync", Map.of("projectId", "schema_app")),
        McpCalls.call(env.tools, "project_generate", Map.of("projectId", "schema_app", "dryRun", true)));
    for (McpSchema.CallToolResult result : results) {
      assertNotEquals(Boolean.TRUE, result.isError(), result::toString);
      JsonSchemaValidator.ValidationResponse check = sdk.validate(ChangeSet.outputSchema(), result.structuredContent());
      assertTrue(check.valid(), () -> check.errorMessage() + " in " + result.structuredContent());
    }
    JsonSchemaValidator.ValidationResponse broken = sdk.validate(ChangeSet.outputSchema(), Map.of("files", "none"));
    assertEquals(false, broken.valid(), "a change set of the wrong shape passes");
  }
}
