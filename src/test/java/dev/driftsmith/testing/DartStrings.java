package dev.driftsmith.testing;

import java.util.ArrayList;
import java.util.List;

/** The single-quoted string literals of generated Dart, unescaped (a scanner: regexes overflow on long SQL). */
public final class DartStrings {
  private DartStrings() {}

  public static List<String> in(String dart) {
    List<String> out = new ArrayList<>();
    String code = withoutLineComments(dart);
    int i = 0;
    while ((i = code.indexOf('\'', i)) >= 0) {
      StringBuilder value = new StringBuilder();
      int j = i + 1;
      for (; j < code.length() && code.charAt(j) != '\''; j++) {
        char c = code.charAt(j);
        if (c == '\\' && j + 1 < code.length()) {
          char next = code.charAt(++j);
          value.append(switch (next) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> next;
          });
        } else {
          value.append(c);
        }
      }
      out.add(value.toString());
      i = j + 1;
    }
    return out;
  }

  /** Drops {@code //} comments (their apostrophes are not quotes); a {@code //} inside a string stays. */
  static String withoutLineComments(String dart) {
    StringBuilder out = new StringBuilder();
    for (String line : dart.split("\n", -1)) {
      boolean inString = false;
      int cut = line.length();
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\' && inString) {
          i++;
        } else if (c == '\'') {
          inString = !inString;
        } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
          cut = i;
          break;
        }
      }
      out.append(line, 0, cut).append('\n');
    }
    return out.toString();
  }
}
