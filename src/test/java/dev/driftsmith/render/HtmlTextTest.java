package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.HostileStrings;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Read back by jsoup (an HTML5 parser): the same text, and no element the value did not ask for. */
class HtmlTextTest {
  @Test
  void textAndAttributesReadBackUnchanged() {
    for (String value : new HostileStrings(8).take(500)) {
      String escaped = HtmlText.escape(value);
      Document page = Jsoup.parse("<html><head><meta name=\"description\" content=\"" + escaped + "\"><title>" + escaped
          + "</title></head><body></body></html>");
      String expected = value;
      assertEquals(expected, page.selectFirst("meta[name=description]").attr("content"), escaped);
      assertEquals(expected, page.selectFirst("title").wholeText(), escaped);
      assertEquals(0, page.select("script, img").size(), escaped);
      assertTrue(escaped.codePoints().noneMatch(cp -> cp > ' ' && Escaping.invisible(cp)), escaped);
    }
  }
}
