package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.HostileStrings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Each scalar, read by a YAML 1.2 parser (snakeyaml-engine, duplicate keys refused), is the same text. */
class YamlScalarTest {
  final Load yaml = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build());

  @Test
  void everyValueStaysOneScalarWithItsText() {
    for (String value : new HostileStrings(6).take(500)) {
      String document = "description: " + YamlScalar.quoted(value) + "\nafter: 1\n";
      assertEquals(Map.of("description", value, "after", 1), yaml.loadFromString(document), document);
      assertTrue(document.codePoints().noneMatch(cp -> cp != '\n' && Escaping.invisible(cp)), document);
    }
  }

  @Test
  void textThatLooksLikeStructureOrAnotherTypeStaysText() {
    for (String value : new String[] {"Notes: offline first", "- todo list", "yes", "null", "~", "1.0", "0x1F",
        "[a]", "{a: b}", "&a", "*a", "!!int 3", "# c", "a\ndependency_overrides:\n  drift: any", "\uFFFE"}) {
      assertEquals(value, ((Map<?, ?>) yaml.loadFromString("d: " + YamlScalar.quoted(value))).get("d"));
    }
    assertEquals("\"\\u202E \\\" \\\\ \\n\"", YamlScalar.quoted("\u202E \" \\ \n"));
  }
}
