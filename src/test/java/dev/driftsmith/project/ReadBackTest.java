package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.TestEnv;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call after a write reads the text that write produced, and gets the written model instead
 * of parsing it: that model must be exactly what parsing gives, and where only parsing can tell,
 * the text is parsed.
 */
class ReadBackTest {
  private static Manifest stored(Manifest m) {
    return m.withSchema(m.schema().withHistory(List.of()));
  }

  private static Manifest notes(Object titleDefault) {
    Manifest empty = Manifest.create(new Manifest.ProjectInfo("p", "p", null, null, Manifest.Pwa.defaults()));
    Table notes = new Table("notes", List.of(Column.autoIncrementKey("id"), Column.of("title", ColumnType.TEXT).withDefault(titleDefault),
        Column.of("priority", ColumnType.INTEGER).withDefault(2L), Column.of("done", ColumnType.BOOLEAN).withDefault(false)),
        true, true, List.of());
    return empty.withSchema(empty.schema().withTables(List.of(notes)))
        .withFeature("sync", Map.of("tables", List.of("notes"), "batchSize", 50L, "big", 3_000_000_000L, "on", true, "delay", 2.0,
            "query", nullable("resultColumn")));
  }

  /** A setting stored from a record with a null field: the text writes {@code resultColumn: null}. */
  private static Map<String, Object> nullable(String key) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("kind", "rows");
    out.put(key, null);
    return out;
  }

  @Test
  void theModelOfAWrittenTextIsWhatParsingItGives(@TempDir Path dir) throws Exception {
    // The demo has every feature, parsed here from its file (reading it would find the model of its last write);
    // the notes manifest holds Longs where YAML reads Integers, and a null setting.
    for (Manifest m : List.of(ManifestIo.parse(ManifestIo.text(TestEnv.demo(dir))), notes("untitled"))) {
      String text = ManifestIo.toYaml(m);
      Optional<Manifest> readBack = ReadBack.of(stored(m));
      assertTrue(readBack.isPresent());
      assertEquals(ManifestIo.parse(text), readBack.get());
      assertEquals(text, ManifestIo.toYaml(readBack.get()), "and it writes the same bytes");
    }
    assertEquals(2, ReadBack.of(stored(notes("x"))).orElseThrow().schema().tables().get(0).columns().get(2).defaultValue());
  }

  @Test
  void theNextReadOfTheWrittenTextUsesTheWrittenModel() {
    Manifest m = notes("unread");
    String text = ManifestIo.toYaml(m);
    ManifestIo.Parsed read = ManifestIo.read(text);
    assertEquals(ManifestIo.parse(text), read.manifest());
    assertEquals(List.of(), read.problems());
    assertSame(m.project(), read.manifest().project(), "not parsed again");
    assertNotSame(m.project(), ManifestIo.read(text + "# edited by hand\n").manifest().project(), "a text edited since is parsed");
    assertTrue(read.lines().lineOf("schema.tables[0].columns[1].name") > 1, "lines are read when asked for");
  }

  @Test
  void aValueOnlyParsingCanTellIsParsed() {
    // Unquoted in YAML, and read back as a number (or, for .inf, not at all).
    for (String value : List.of("0123", "1e3", ".inf", "-5")) {
      assertEquals(Optional.empty(), ReadBack.of(stored(notes(value))), value);
    }
    Manifest described = Manifest.create(new Manifest.ProjectInfo("p", "p", null, ".inf and beyond", Manifest.Pwa.defaults()));
    assertEquals(Optional.empty(), ReadBack.of(described));
    assertEquals(Optional.empty(), ReadBack.of(notes("x").withFeature("sync", Map.of("ratio", 0.5f))));
    assertEquals(Optional.empty(), ReadBack.of(notes("x").withFeature("sync", Map.of("ratio", Double.POSITIVE_INFINITY))));
  }

  /** A new field without a declared type would read back as YAML decides: it must be listed to be handled. */
  @Test
  void everyUntypedFieldOfTheManifestIsKnown() {
    Set<String> untyped = new HashSet<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> open = new ArrayDeque<>(List.of(Manifest.class));
    while (!open.isEmpty()) {
      Class<?> type = open.pop();
      if (!type.isRecord() || !seen.add(type)) continue;
      for (RecordComponent c : type.getRecordComponents()) {
        Type generic = c.getGenericType();
        if (generic == Object.class || generic.getTypeName().contains("java.lang.Object")) untyped.add(type.getName() + "." + c.getName());
        open.push(c.getType());
        if (generic instanceof ParameterizedType p) {
          for (Type arg : p.getActualTypeArguments()) if (arg instanceof Class<?> k) open.push(k);
        }
      }
    }
    assertEquals(ReadBack.UNTYPED, untyped);
  }
}
