package dev.driftsmith.testing;

import java.util.ArrayList;
import java.util.List;

/** The single-quoted string literals of generated Dart, unescaped (a scanner: regexes overflow on long SQL). */
public final class DartStrings {
  private DartStrings() {}

  public static List<String> in(String dart) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while ((i = dart.indexOf('\'', i)) >= 0) {
      StringBuilder value = new StringBuilder();
      int j = i + 1;
      for (; j < dart.length() && dart.charAt(j) != '\''; j++) {
        char c = dart.charAt(j);
        if (c == '\\' && j + 1 < dart.length()) {
          char next = dart.charAt(++j);
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
}
