package dev.driftsmith.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded text that breaks naive escaping in some format: YAML structure (": ", "- ", "#"), quotes
 * of every kind, Dart interpolation ("${}", "$x"), comment ends ("*&#47;"), backslashes, line
 * breaks, markup, SQL quotes, bidi controls and other invisible characters, astral characters.
 * The same seed always gives the same strings, so a failure can be replayed from its seed.
 */
public final class HostileStrings {
  /** Pieces that are special in at least one of the formats we write. */
  public static final List<String> FRAGMENTS = List.of(
      "\n", "\r\n", "\r", "\t", ": ", ":", "#", "# ", "- ", "-", "'", "\"", "''", "\"\"\"", "'''", "`", "```",
      "${}", "${x}", "$x", "$", "{{x}}", "{", "}", "[", "]", "*/", "/*", "//", "///", "\\", "\\n", "\\u{202E}",
      "\u202E", "\u202D", "\u2066", "\u2069", "\u200B", "\u200D", "\uFEFF", "\u2028", "\u2029", "\u00AD",
      "<", ">", "&", "&amp;", "&#10;", "</title>", "<script>alert(1)</script>", "\"><img src=x>", "]]>",
      "--", ";", "' OR 1=1 --", "DROP TABLE x;", "%", "!", "|", "@", "?", "*", "_", "~", "=", "+", ",", ".",
      "1. ", "> ", "---", "...", "yes", "no", "null", "~", "true", "0x1F", "1e3", "&anchor", "*alias", "!!str",
      "😀", "👩‍💻", "é", "e\u0301", "日本語", "\u00A0", " ", "  ", "a", "Notes", "dependency_overrides:",
      "\uFFFD", "\uD83D\uDE00", "\uDB40\uDC41");

  private final Random random;

  public HostileStrings(long seed) {
    random = new Random(seed);
  }

  /** A string of 1 to 8 fragments, now and then mixed with random printable characters. */
  public String next() {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + random.nextInt(8);
    for (int i = 0; i < parts; i++) {
      if (random.nextInt(5) == 0) {
        sb.appendCodePoint(printable());
      } else {
        sb.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
      }
    }
    return sb.toString();
  }

  /** {@code count} strings: first every fragment alone, then mixes. */
  public List<String> take(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(i < FRAGMENTS.size() ? FRAGMENTS.get(i) : next());
    return out;
  }

  /** A random code point that is not a control character or a surrogate (those are refused at the boundary). */
  private int printable() {
    while (true) {
      int cp = random.nextInt(5) == 0 ? random.nextInt(0x10FFFF) : 0x20 + random.nextInt(0x3000);
      int type = Character.getType(cp);
      // Unassigned code points include the noncharacters, which the boundary refuses.
      if (type != Character.CONTROL && type != Character.SURROGATE && type != Character.UNASSIGNED
          && type != Character.PRIVATE_USE) {
        return cp;
      }
    }
  }

  public long nextLong() {
    return random.nextLong();
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public double nextDouble() {
    return random.nextDouble();
  }
}
