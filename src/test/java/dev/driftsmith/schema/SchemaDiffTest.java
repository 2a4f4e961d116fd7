package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchemaDiffTest {
  /** A trigger that uses a dropped object is recreated with it; one that only shares a prefix of its name is not. */
  @Test
  void anObjectIsMentionedOnlyByItsWholeName() {
    String trigger = "CREATE TRIGGER notes_fts_ai AFTER INSERT ON \"notes\" BEGIN INSERT INTO notes_fts(rowid) VALUES (new.id); END";
    assertTrue(SchemaDiff.mentions(trigger, "notes"));
    assertTrue(SchemaDiff.mentions(trigger, "notes_fts"));
    assertTrue(SchemaDiff.mentions(trigger, "notes_fts_ai"));
    assertTrue(SchemaDiff.mentions("DELETE FROM notes", "notes"), "at the end of the statement");
    assertTrue(SchemaDiff.mentions("notes", "notes"));
    assertFalse(SchemaDiff.mentions(trigger, "notes_f"));
    assertFalse(SchemaDiff.mentions(trigger, "otes"));
    assertFalse(SchemaDiff.mentions("INSERT INTO notes2 SELECT * FROM my_notes", "notes"));
    assertFalse(SchemaDiff.mentions("INSERT INTO todos", "notes"));
  }
}
