package dev.driftsmith.render;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {{#remembered this}}…{{/remembered}}}: the block as last rendered for an equal value. A
 * file whose context holds the whole project (migrations.dart: every step of the history) is
 * rendered again whenever one part of it changes, and rendering every part again made each call
 * cost more the larger the project; a block remembered by its value is rendered once. The block
 * must write nothing but what its value gives (no {@code ../} lookups, no {@code @index}) and declare
 * no {@code {{import}}} (a block found remembered is not rendered, so it would declare nothing): the
 * value is a record of plain values, so two equal values render the same text.
 */
final class RememberedBlocks {
  private RememberedBlocks() {}

  /** A block of a compiled template (compiled once per renderer), for one value. */
  private record Block(Template template, Object value) {}

  /** Blocks of 3 million characters at most, a large project's history; the oldest go first. */
  private static final long KEPT_CHARS = 3L << 20;
  private static final Map<Block, String> KEPT = new LinkedHashMap<>(512, 0.75f, true);
  private static long keptChars;

  static Object helper(Object value, Options options) throws IOException {
    if (!(value instanceof Record)) {
      throw new IllegalArgumentException("{{#remembered}} takes the record its block is rendered from, not " + value);
    }
    Block key = new Block(options.fn, value);
    String text;
    synchronized (KEPT) {
      text = KEPT.get(key);
    }
    if (text == null) {
      text = options.fn(value).toString();
      keep(key, text);
    }
    return new Handlebars.SafeString(text);
  }

  private static void keep(Block key, String text) {
    synchronized (KEPT) {
      String replaced = KEPT.put(key, text);
      keptChars += text.length() - (replaced == null ? 0 : replaced.length());
      for (Iterator<String> eldest = KEPT.values().iterator(); keptChars > KEPT_CHARS && eldest.hasNext(); ) {
        keptChars -= eldest.next().length();
        eldest.remove();
      }
    }
  }
}
