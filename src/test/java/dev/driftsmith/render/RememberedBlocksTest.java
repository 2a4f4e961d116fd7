package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A remembered block writes what rendering it writes, and is rendered once for each value. */
class RememberedBlocksTest {
  static final AtomicInteger READS = new AtomicInteger();

  /** An item whose text counts how often a template reads it. */
  record Item(String text) {
    @Override
    public String text() {
      READS.incrementAndGet();
      return text;
    }
  }

  record Items(List<Item> items) {}

  @Test
  void aBlockIsRenderedOnceForEachValueAndWritesTheSameText() {
    Renderer renderer = new Renderer();
    String first = renderer.render("render-test/remembered.txt", new Items(List.of(new Item("one"), new Item("two"))));
    assertEquals("- one\n- two\n", first, "the block's own lines, without the helper's");
    int reads = READS.get();
    // The next file has one item more: only that one is rendered.
    String next = renderer.render("render-test/remembered.txt", new Items(List.of(new Item("one"), new Item("two"), new Item("three"))));
    assertEquals("- one\n- two\n- three\n", next);
    assertEquals(reads + 1, READS.get(), "only the new item's block read its text");
  }
}
