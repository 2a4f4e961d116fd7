package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.Schemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The database of a manifest is worked out once for manifests that differ only in their history. */
class SchemaModelTest {
  private final SchemaModel model = Schemas.steps().model();

  @Test
  void aChangeAndTheSameChangeWithItsStepShareTheirDatabase() {
    Table notes = new Table("model_notes", List.of(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null)),
        true, false, List.of());
    Manifest after = Schemas.syncing(Schemas.manifest(notes), "model_notes");
    Manifest withStep = after.withSchema(after.schema().withStep(
        new SchemaStep(2, "add model_notes", List.of("CREATE TABLE model_notes (id INTEGER)"), List.of(), false)));
    DatabaseSchema changed = model.of(after);
    DatabaseSchema recorded = model.of(withStep);
    assertTrue(changed.objects() == recorded.objects(), "computed once");
    assertEquals(changed.tables(), recorded.tables());
    assertEquals(List.of(), changed.history());
    assertEquals(withStep.schema().history(), recorded.history(), "each carries its own history");
  }
}
