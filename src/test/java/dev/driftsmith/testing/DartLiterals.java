package dev.driftsmith.testing;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterDart;

/**
 * The string literals and comments of Dart source as tree-sitter-dart parses them: each literal's
 * value decoded by Dart's escape rules, or marked as interpolated when the parser found a
 * {@code $} substitution in it. So a test sees what Dart would see, not what a regex guesses.
 */
public final class DartLiterals {
  /** The value of a literal that interpolates, which no plain text equals. */
  public static final String INTERPOLATED = "\0interpolated\0";

  public final List<String> strings = new ArrayList<>();
  public final List<String> comments = new ArrayList<>();
  public final List<String> numbers = new ArrayList<>();

  private final String source;
  /** Char index of each byte offset: the binding hands tree-sitter Java's modified UTF-8 (JNI), so offsets count its bytes. */
  private final int[] charAt;

  private DartLiterals(String source) {
    this.source = source;
    int bytes = 0;
    for (int i = 0; i < source.length(); i++) bytes += modifiedUtf8Length(source.charAt(i));
    charAt = new int[bytes + 1];
    int offset = 0;
    for (int i = 0; i < source.length(); i++) {
      charAt[offset] = i;
      offset += modifiedUtf8Length(source.charAt(i));
    }
    charAt[bytes] = source.length();
  }

  /** Each UTF-16 unit on its own (a surrogate pair takes 3 + 3 bytes), NUL as 2 bytes. */
  private static int modifiedUtf8Length(char c) {
    return c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }

  public static DartLiterals of(String source) {
    DartLiterals out = new DartLiterals(source);
    TSParser parser = new TSParser();
    parser.setLanguage(new TreeSitterDart());
    TSTree tree = parser.parseString(null, source);
    try {
      out.collect(tree.getRootNode());
    } finally {
      // The native tree is freed when its Java object is collected: keep it alive for the walk.
      Reference.reachabilityFence(tree);
    }
    return out;
  }

  private void collect(TSNode node) {
    switch (node.getType()) {
      case "string_literal" -> strings.add(value(node));
      case "comment", "documentation_comment" -> comments.add(text(node));
      case "decimal_floating_point_literal", "decimal_integer_literal" -> numbers.add(text(node));
      default -> {
        for (int i = 0; i < node.getChildCount(); i++) collect(node.getChild(i));
      }
    }
  }

  private String text(TSNode node) {
    return source.substring(charAt[node.getStartByte()], charAt[node.getEndByte()]);
  }

  private String value(TSNode literal) {
    for (int i = 0; i < literal.getChildCount(); i++) {
      if (literal.getChild(i).getType().equals("template_substitution")) return INTERPOLATED;
    }
    String text = text(literal);
    if (text.startsWith("r")) return text.substring(2, text.length() - 1);
    int quote = text.startsWith("'''") || text.startsWith("\"\"\"") ? 3 : 1;
    return unescape(text.substring(quote, text.length() - quote));
  }

  /** Dart's escapes: n r t b f v, xHH, uHHHH and u{H…} after a backslash; any other escaped character is itself. */
  static String unescape(String body) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000B');
        case 'x' -> {
          out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          if (body.charAt(i + 1) == '{') {
            int end = body.indexOf('}', i);
            out.appendCodePoint(Integer.parseInt(body.substring(i + 2, end), 16));
            i = end;
          } else {
            out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }
}
