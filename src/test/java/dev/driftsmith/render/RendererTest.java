package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a template can read and what the renderer does with it: a name no scope declares fails the
 * render instead of writing nothing, records are read by their components, and {{import}}
 * directives end up once each, in Dart's order, at the top of the file.
 */
class RendererTest {
  final Renderer renderer = new Renderer();

  record Page(String title, String description, List<Item> items) {}

  record Item(String name) {}

  record Modules(List<String> modules) {}

  record Store(String packageName, boolean sync) {}

  static final Page PAGE = new Page("Notes", null, List.of(new Item("a"), new Item("b")));

  @Test
  void aNameTheContextDoesNotDeclareFailsTheRender() {
    for (String template : List.of("{{titel}}", "{{#if descripton}}x{{/if}}", "{{dartString titel}}",
        "{{#each items}}{{nmae}}{{/each}}", "{{#each items}}{{../titel}}{{/each}}", "{{title.length}}")) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> renderer.renderInline(template, PAGE), template);
      assertTrue(message(e).contains("no field '"), template + ": " + message(e));
    }
    RuntimeException e = assertThrows(RuntimeException.class, () -> renderer.renderInline("{{titel}}", PAGE));
    assertTrue(message(e).contains("Page has [title, description, items]"), "the message says what the scope holds: " + message(e));
  }

  @Test
  void declaredFieldsResolveInEveryScopeAndNullIsFalsy() {
    assertEquals("Notes:a0Notes,b1Notes,", renderer.renderInline(
        "{{title}}:{{#each items}}{{name}}{{@index}}{{../title}},{{/each}}", PAGE));
    assertEquals("none", renderer.renderInline("{{#if description}}{{description}}{{else}}none{{/if}}", PAGE));
  }

  record Outer(String name, List<Item> items) {}

  /** A field that holds null is found: the same name in an enclosing scope must not stand in for it. */
  @Test
  void aNullFieldDoesNotFallThroughToTheEnclosingScope() {
    Outer outer = new Outer("outer", List.of(new Item(null), new Item("inner")));
    assertEquals("[][inner]", renderer.renderInline("{{#each items}}[{{#if name}}{{name}}{{/if}}]{{/each}}", outer));
  }

  @Test
  void thisInsideEachIsTheItem() {
    assertEquals("json1,fts5,", renderer.renderInline("{{#each modules}}{{this}},{{/each}}", new Modules(List.of("json1", "fts5"))));
  }

  @Test
  void importsAreHoistedDeduplicatedAndOrderedAsDartStyleAsks() {
    String expected = """
        // A file that declares its imports where it uses them.

        import 'dart:async';

        import 'package:collection/collection.dart' show IterableExtension;
        import 'package:drift/drift.dart';
        import 'package:notes_demo/data/sync/sync_engine.dart';

        import 'sync_helpers.dart' as helpers;

        class Store {
          final SyncEngine engine;
          final Completer<void> ready = Completer();
        }
        """;
    assertEquals(expected, renderer.render("render-test/imports.dart", new Store("notes_demo", true)));
  }

  @Test
  void aBranchNotRenderedImportsNothing() {
    String out = renderer.render("render-test/imports.dart", new Store("notes_demo", false));
    assertTrue(!out.contains("sync_engine.dart") && !out.contains("SyncEngine"), out);
    assertTrue(out.contains("import 'package:drift/drift.dart';\n\nimport 'sync_helpers.dart' as helpers;\n\nclass Store {"), out);
  }

  @Test
  void importsAreForDartAndDriftFilesAndDeclaredOneWay() {
    RuntimeException yaml = assertThrows(RuntimeException.class, () -> renderer.render("render-test/imports.yaml", new Store("x", true)));
    assertTrue(message(yaml).contains("{{import}} is for .dart and .drift templates"), message(yaml));
    RuntimeException literal = assertThrows(RuntimeException.class,
        () -> renderer.render("render-test/literal_import.dart", new Store("x", true)));
    assertTrue(message(literal).contains("declare it with {{import}}"), message(literal));
  }

  /** Every message of the chain: Handlebars wraps what a helper or the context throws. */
  private static String message(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append(" | ");
    return all.toString();
  }
}
