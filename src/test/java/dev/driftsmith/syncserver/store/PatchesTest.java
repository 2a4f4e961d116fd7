package dev.driftsmith.syncserver.store;

import static dev.driftsmith.syncserver.conformance.Ops.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftsmith.syncserver.JsonSupport;
import org.junit.jupiter.api.Test;

class PatchesTest {
  @Test
  void aDeltaSetsItsColumnsNullIncludedAndKeepsTheRest() {
    assertEquals(data("a", 1, "b", null, "c", "new"), Patches.apply(data("a", 1, "b", 2), data("b", null, "c", "new")));
  }

  @Test
  void theStoredRecordIsNotChangedInPlace() {
    var stored = data("a", 1);
    Patches.apply(stored, data("a", 2));
    assertEquals(data("a", 1), stored);
  }

  @Test
  void vectorClocksMergeElementWise() {
    var merged = Patches.apply(data("version", "{\"a\":3,\"b\":1}"), data("version", "{\"b\":2,\"c\":1}"));
    assertEquals(JsonSupport.MAPPER.readTree("{\"b\":2,\"c\":1,\"a\":3}"), JsonSupport.MAPPER.readTree(merged.get("version").stringValue()));
  }

  @Test
  void countersAndOtherTextAreNoClocks() {
    assertEquals(data("version", 7), Patches.apply(data("version", 3), data("version", 7)));
    assertEquals(data("version", "{\"a\":-1}"), Patches.apply(data("version", "{\"a\":5}"), data("version", "{\"a\":-1}")));
    assertEquals(data("version", "{}"), Patches.apply(data("version", "{\"a\":5}"), data("version", "{}")));
    assertNull(Patches.clock(data("v", "not json").get("v")));
    assertNull(Patches.clock(data("v", "{\"a\":1.5}").get("v")));
  }
}
