package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.HostileStrings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonStringTest {
  @Test
  void everyValueReadsBackUnchanged() {
    JsonMapper json = JsonMapper.builder().build();
    for (String value : new HostileStrings(7).take(500)) {
      String document = "{\"name\": " + JsonString.quoted(value) + "}";
      assertEquals(value, json.readTree(document).get("name").asString(), document);
      assertTrue(document.codePoints().noneMatch(Escaping::invisible), document);
    }
    // Beyond U+FFFF a JSON escape is a surrogate pair.
    assertEquals("\"\\uDB40\\uDC41\"", JsonString.quoted("\uDB40\uDC41"));
  }
}
