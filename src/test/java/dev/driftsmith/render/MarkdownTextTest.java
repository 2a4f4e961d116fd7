package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftsmith.testing.HostileStrings;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/** Read back by commonmark-java: one heading or paragraph holding nothing but the text itself. */
class MarkdownTextTest {
  final Parser markdown = Parser.builder().build();

  @Test
  void headingsAndParagraphsHoldExactlyTheText() {
    for (String value : new HostileStrings(9).take(500)) {
      String escaped = MarkdownText.escape(value);
      assertEquals(value, onlyText(markdown.parse("# " + escaped), Heading.class), escaped);
      assertEquals(value, onlyText(markdown.parse(escaped), Paragraph.class), escaped);
    }
  }

  @Test
  void plainTextStaysReadable() {
    assertEquals("Notes & Todos", MarkdownText.escape("Notes & Todos"));
    assertEquals("offline-first notes, for 2 people.", MarkdownText.escape("offline-first notes, for 2 people."));
    assertEquals("\\&amp; \\*x\\* \\[a\\](b) \\<b> 1. \\`c\\`", MarkdownText.escape("&amp; *x* [a](b) <b> 1. `c`"));
    assertEquals("\\- list", MarkdownText.escape("- list"));
    assertEquals("2\\) two", MarkdownText.escape("2) two"));
  }

  /** The text of the document's single block of type {@code block}, which must hold only text. */
  private static String onlyText(Node document, Class<? extends Node> block) {
    Node first = document.getFirstChild();
    assertInstanceOf(block, first);
    assertNull(first.getNext(), "one block only");
    StringBuilder text = new StringBuilder();
    for (Node n = first.getFirstChild(); n != null; n = n.getNext()) {
      assertInstanceOf(Text.class, n, "only text, no markup");
      text.append(((Text) n).getLiteral());
    }
    return text.toString();
  }
}
