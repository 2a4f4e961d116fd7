package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.Schemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sync_sql.dart's context holds every synced table's statements; a call that changes one table
 * builds only that table's again, and each table's statements are those built from the whole list.
 */
class SyncSqlContextTest {
  private static Table table(String name, Column... more) {
    List<Column> columns = new java.util.ArrayList<>(List.of(Column.autoIncrementKey("id"), Column.of("title", ColumnType.TEXT)));
    columns.addAll(List.of(more));
    return new Table(name, columns, true, false, List.of());
  }

  private static Column reference(String name, String table, KeyAction onDelete) {
    return Column.of(name, ColumnType.INTEGER).asNullable().withReferences(new Column.Reference(table, "id", onDelete, null));
  }

  private static SyncFeature.SqlContext context(Manifest m) {
    return SyncFeature.sqlContext(new FeatureTemplate.Input(m, Schemas.of(m)));
  }

  private static Manifest synced(Table... tables) {
    Manifest m = Schemas.manifest(tables);
    return Schemas.syncing(m, java.util.Arrays.stream(tables).map(Table::name).toArray(String[]::new));
  }

  @Test
  void aTableAddedBuildsOnlyItsOwnStatementsAndTheParentsItReferences() {
    Table folders = table("ctx_folders");
    Table notes = table("ctx_notes", reference("folderId", "ctx_folders", KeyAction.CASCADE),
        reference("movedFromId", "ctx_folders", KeyAction.SET_NULL));
    Table tags = table("ctx_tags");
    SyncFeature.SqlContext before = context(synced(folders, notes, tags));
    SyncFeature.SqlContext after = context(synced(folders, notes, tags, table("ctx_labels", reference("tagId", "ctx_tags", KeyAction.CASCADE))));
    assertSame(before.tables().get(0), after.tables().get(0), "ctx_folders: nothing it is built from changed");
    assertSame(before.tables().get(1), after.tables().get(1), "ctx_notes");
    assertNotSame(before.tables().get(2), after.tables().get(2), "ctx_tags: a new table references it");
    Manifest m = synced(folders, notes, tags, table("ctx_labels", reference("tagId", "ctx_tags", KeyAction.CASCADE)));
    List<SyncedTable> all = SyncSettings.syncedTables(m).stream().map(t -> SyncSettings.synced(m, Schemas.of(m), t.name())).toList();
    for (int i = 0; i < all.size(); i++) {
      assertEquals(SyncQueries.releaseChildren(all, all.get(i)), after.tables().get(i).releaseChildren(), all.get(i).name());
    }
    // Both of notes' references to folders release its rows: one delete, one update.
    assertEquals(2, after.tables().get(0).releaseChildren().size());
    assertEquals(List.of(all.get(1)), SyncFeature.childrenByParent(all).get("ctx_folders"), "a child is listed once per parent");
  }
}
