package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A raw {@code {{value}}} of user text cannot slip into a template unnoticed: every expression that
 * writes a value is an escaper helper call, or a value listed, with its reason, in
 * {@code src/test/resources/template-safe-values.txt}.
 */
class TemplateExpressionsTest {
  static final Path TEMPLATES = Path.of("src/main/resources/templates");
  static final Path SAFE_VALUES = Path.of("src/test/resources/template-safe-values.txt");
  /** Helpers that write their arguments through a format's escaper ({{import}} writes its URI as a Dart string). */
  static final Set<String> ESCAPERS = Set.of("yaml", "json", "html", "markdown", "dartString", "dartComment",
      "sqlString", "sqlIdent", "import");
  /** Helpers that write their argument transformed but not escaped: the argument must be safe itself. */
  static final Set<String> TRANSFORMS = Set.of("snakeCase", "pascalCase", "camelCase", "upper", "join");
  /** What the tools take as free text, under the names the renderers give it. */
  static final Set<String> USER_TEXT = Set.of("title", "shortName", "description", "baseUrl", "doc", "indicator.offline",
      "indicator.syncing", "indicator.pending");
  static final Pattern EXPRESSION = Pattern.compile("\\{\\{\\{?(.*?)}?}}");
  static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|\\S+");

  record Use(String template, String value) {}

  @Test
  void everyWrittenValueIsEscapedOrListedAsSafe() throws IOException {
    Set<String> safe = safeValues();
    List<String> unlisted = new ArrayList<>();
    for (Use use : valuesWritten()) {
      if (!safe.contains(use.value())) unlisted.add(use.template() + ": {{" + use.value() + "}}");
    }
    assertEquals(List.of(), unlisted, "write these through their format's escaper helper, or list them in "
        + SAFE_VALUES + " with the reason they are safe");
  }

  @Test
  void theSafeListHoldsNoUserTextAndNothingStale() throws IOException {
    Set<String> safe = safeValues();
    Set<String> written = new HashSet<>();
    for (Use use : valuesWritten()) written.add(use.value());
    Set<String> stale = new TreeSet<>(safe);
    stale.removeAll(written);
    assertEquals(Set.of(), stale, "listed in " + SAFE_VALUES + " but written by no template");
    for (String text : USER_TEXT) assertTrue(!safe.contains(text), text + " is user text: it needs an escaper");
  }

  /** Keeps USER_TEXT true to the templates: each name in it is written, and only through an escaper. */
  @Test
  void everyUserTextIsWrittenThroughAnEscaper() throws IOException {
    Set<String> escaped = new TreeSet<>();
    for (Path template : templates()) {
      Matcher m = EXPRESSION.matcher(Files.readString(template));
      while (m.find()) {
        List<String> tokens = tokens(m.group(1));
        if (tokens.size() > 1 && ESCAPERS.contains(tokens.get(0))) escaped.add(tokens.get(1));
      }
    }
    assertEquals(new TreeSet<>(USER_TEXT), new TreeSet<>(escaped.stream().filter(USER_TEXT::contains).toList()));
  }

  /** Every value a template writes (not block conditions, not escaper calls), with where. */
  static List<Use> valuesWritten() throws IOException {
    List<Use> out = new ArrayList<>();
    for (Path template : templates()) {
      String name = TEMPLATES.relativize(template).toString().replace('\\', '/');
      Matcher m = EXPRESSION.matcher(Files.readString(template));
      while (m.find()) {
        List<String> tokens = tokens(m.group(1));
        if (tokens.isEmpty() || isControl(tokens.get(0)) || ESCAPERS.contains(tokens.get(0))) continue;
        if (TRANSFORMS.contains(tokens.get(0))) {
          tokens.stream().skip(1).filter(t -> !t.startsWith("\"")).forEach(t -> out.add(new Use(name, t)));
        } else {
          out.add(new Use(name, tokens.get(0)));
        }
      }
    }
    return out;
  }

  private static boolean isControl(String first) {
    return first.startsWith("#") || first.startsWith("/") || first.startsWith("^") || first.startsWith("!")
        || first.startsWith(">") || first.equals("else");
  }

  private static List<String> tokens(String expression) {
    List<String> out = new ArrayList<>();
    Matcher t = TOKEN.matcher(expression.replaceAll("^\\{+|}+$", "").strip());
    while (t.find()) out.add(t.group());
    return out;
  }

  static List<Path> templates() throws IOException {
    try (Stream<Path> walk = Files.walk(TEMPLATES)) {
      return walk.filter(p -> p.toString().endsWith(".hbs")).sorted().toList();
    }
  }

  static Set<String> safeValues() throws IOException {
    Set<String> out = new HashSet<>();
    for (String line : Files.readAllLines(SAFE_VALUES)) {
      String value = line.strip();
      if (!value.isEmpty() && !value.startsWith("#") && !value.startsWith("[")) out.add(value);
    }
    return out;
  }
}
