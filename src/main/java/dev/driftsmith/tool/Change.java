package dev.driftsmith.tool;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import java.util.List;

/**
 * What a tool's change can use besides the manifest: the notes for its result, and the schema
 * steps, which compute and prove the upgrade step of any change to the database.
 */
public record Change(List<String> notes, SchemaSteps steps) {
  public void note(String note) {
    notes.add(note);
  }

  /** {@code after} with the step from {@code before}'s database to its own (none when the database is the same). */
  public Manifest record(Manifest before, Manifest after, String description) throws ToolException {
    return steps.record(before, after, description);
  }

  /** The database {@code m} describes, with every feature's columns and objects. */
  public DatabaseSchema schema(Manifest m) {
    return steps.model().of(m);
  }
}
