package dev.driftsmith.syncserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageUrlTest {
  @TempDir
  Path dir;

  @Test
  void aPathIsASqliteFile() {
    StorageUrl url = StorageUrl.parse(dir.resolve("sync.sqlite").toString());
    assertEquals(Engine.SQLITE, url.engine());
    assertEquals("jdbc:sqlite:" + dir.resolve("sync.sqlite"), url.jdbcUrl());
  }

  @Test
  void aPostgresUrlBecomesJdbcWithItsCredentialsApart() {
    StorageUrl url = StorageUrl.parse("postgresql://sync:p%40ss+word@db.internal:6432/notes?sslmode=require");
    assertEquals(Engine.POSTGRESQL, url.engine());
    assertEquals("jdbc:postgresql://db.internal:6432/notes?sslmode=require", url.jdbcUrl());
    assertEquals("sync", url.user());
    assertEquals("p@ss+word", url.password());
    assertEquals("postgresql://sync:***@db.internal:6432/notes?sslmode=require", url.display());
    assertEquals("jdbc:postgresql://localhost/notes", StorageUrl.parse("postgres://localhost/notes").jdbcUrl());
  }

  @Test
  void unusableLocationsAreRefusedWithTheFix() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StorageUrl.parse(dir.toString())).getMessage().contains("is a folder"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StorageUrl.parse(dir.resolve("no/such/x.sqlite").toString()))
        .getMessage().contains("does not exist"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StorageUrl.parse("mysql://h/db")).getMessage().contains("postgresql://"));
    String noDb = assertThrows(IllegalArgumentException.class, () -> StorageUrl.parse("postgresql://u:secret@h")).getMessage();
    assertTrue(noDb.contains("names no database") && !noDb.contains("secret"), noDb);
  }
}
