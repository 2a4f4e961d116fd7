package dev.driftsmith.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.project.MemoryProjectRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's parameter tables are the declarations' own: a parameter added, renamed or re-ranged shows up there. */
class ToolReferenceTest {
  static final Path README = Path.of("README.md");
  static final String REGENERATE = "mvn -q -o test -Dtest=ToolReferenceTest -Dreadme.update=true";

  @Test
  void theReadmesParameterTablesAreWhatTheDeclarationsSay() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int begin = readme.indexOf(ToolReference.BEGIN);
    int end = readme.indexOf(ToolReference.END);
    assertTrue(begin >= 0 && end > begin, "README.md has no generated parameter tables between the markers; " + REGENERATE);
    String generated = ToolReference.markdown(Driftsmith.tools(new MemoryProjectRegistry()).all());
    String current = readme.substring(begin, end + ToolReference.END.length());
    if (Boolean.getBoolean("readme.update") && !current.equals(generated)) {
      Files.writeString(README, readme.substring(0, begin) + generated + readme.substring(end + ToolReference.END.length()),
          StandardCharsets.UTF_8);
      return;
    }
    assertEquals(generated, current, "README.md's parameter tables differ from the declarations; regenerate with " + REGENERATE
        + " and read the diff");
  }

  @Test
  void aParameterReadsAsWhatItAccepts() {
    assertEquals("integer 5–200", ToolReference.accepts(Param.integer("size", 5, 200).schema()));
    assertEquals("number 0.1–60", ToolReference.accepts(Param.number("delay", 0.1, 60).schema()));
    assertEquals("list of strings, non-empty, no repeats", ToolReference.accepts(Param.strings("tables").nonEmpty().distinct().schema()));
    assertEquals("string or number or boolean", ToolReference.accepts(Param.scalar("defaultValue").schema()));
    assertEquals("object of string", ToolReference.accepts(Map.of("type", "object", "additionalProperties", Map.of("type", "string"))));
  }
}
