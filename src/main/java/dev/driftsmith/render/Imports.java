package dev.driftsmith.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The import directives a Dart or drift template declared with {{import "…"}} while it rendered,
 * written once each at the top of the file in the order Dart style asks for: {@code dart:} imports,
 * then {@code package:} imports, then relative ones, each group sorted by URI and set apart by a blank
 * line. A template declares an import next to the code that needs it, so a branch that is not
 * rendered imports nothing, and Java never has to predict which branches a template will take.
 */
final class Imports {
  /**
   * Stands where an {{import}} stood until the file is assembled: NUL, which no escaper lets through
   * (DartCode writes it as an escape, SqlCode refuses it), so it cannot come from a value.
   */
  static final String MARK = "\0import\0";
  private static final Pattern MARK_LINE = Pattern.compile("(?m)^[ \\t]*(?:" + Pattern.quote(MARK) + "[ \\t]*)+\\n");
  private static final Pattern LITERAL_IMPORT = Pattern.compile("(?m)^import '");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SHOW = Pattern.compile(IDENTIFIER.pattern() + "(, " + IDENTIFIER.pattern() + ")*");

  /** One directive: {@code import 'uri' as prefix show names;}, the clauses optional. */
  record Directive(String uri, String prefix, String show) {
    Directive {
      if (uri.isEmpty()) throw new IllegalArgumentException("{{import}} needs a URI");
      if (prefix != null && !IDENTIFIER.matcher(prefix).matches()) {
        throw new IllegalArgumentException("{{import}} prefix=\"" + prefix + "\" is not a Dart identifier");
      }
      if (show != null && !SHOW.matcher(show).matches()) {
        throw new IllegalArgumentException("{{import}} show=\"" + show + "\" is not a list of Dart names (a, b)");
      }
    }

    /** 0 for {@code dart:}, 1 for {@code package:}, 2 for relative URIs. */
    int group() {
      return uri.startsWith("dart:") ? 0 : uri.startsWith("package:") ? 1 : 2;
    }

    String line() {
      return "import " + DartCode.string(uri) + (prefix == null ? "" : " as " + prefix)
          + (show == null ? "" : " show " + show) + ";";
    }
  }

  private static final Comparator<Directive> ORDER = Comparator.comparingInt(Directive::group)
      .thenComparing(Directive::uri).thenComparing(Directive::line);

  private final boolean dart;
  private final TreeSet<Directive> directives = new TreeSet<>(ORDER);

  private Imports(boolean dart) {
    this.dart = dart;
  }

  /** The imports of a file named {@code fileName}: only Dart and drift files have them (drift's take no clauses). */
  static Optional<Imports> of(String fileName) {
    if (fileName.endsWith(".dart")) return Optional.of(new Imports(true));
    if (fileName.endsWith(".drift")) return Optional.of(new Imports(false));
    return Optional.empty();
  }

  void add(Directive directive) {
    if (!dart && (directive.prefix() != null || directive.show() != null)) {
      throw new IllegalArgumentException("a drift import takes no 'as' or 'show': " + directive.uri());
    }
    directives.add(directive);
  }

  /**
   * {@code body} with the lines that only held an {{import}} removed and the collected imports in front:
   * after the file's opening {@code //} comment if it has one (it describes the whole file), before
   * everything else, set apart by one blank line. A template that declares imports declares them all
   * that way: an import line of its own would land below the hoisted ones, out of order.
   */
  String hoist(String body) {
    // Most of a large project's output (the migration steps, megabytes of SQL) declares no import: no mark to take out.
    String rest = body.contains(MARK) ? MARK_LINE.matcher(body).replaceAll("").replace(MARK, "") : body;
    if (rest.indexOf('\0') >= 0) throw new IllegalStateException("a rendered file holds NUL");
    if (directives.isEmpty()) return rest;
    if (LITERAL_IMPORT.matcher(rest).find()) {
      throw new IllegalStateException("the template writes an import line itself; declare it with {{import}} like its other imports");
    }
    int split = leadingComment(rest);
    String comment = rest.substring(0, split);
    String code = rest.substring(split).replaceFirst("^\\n+", "");
    return comment + (comment.isEmpty() ? "" : "\n") + block() + "\n" + code;
  }

  private String block() {
    List<String> lines = new ArrayList<>();
    int group = -1;
    for (Directive d : directives) {
      if (group != -1 && d.group() != group) lines.add("");
      group = d.group();
      lines.add(d.line());
    }
    return String.join("\n", lines) + "\n";
  }

  /** Where the file's opening {@code //} comment lines (not a {@code ///} doc comment) end. */
  private static int leadingComment(String text) {
    int end = 0;
    while (text.startsWith("//", end) && !text.startsWith("///", end)) {
      int eol = text.indexOf('\n', end);
      if (eol < 0) return 0;
      end = eol + 1;
    }
    return end;
  }
}
