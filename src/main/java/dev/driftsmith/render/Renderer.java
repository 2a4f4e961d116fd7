package dev.driftsmith.render;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import dev.driftsmith.project.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Handlebars configured for source code: no automatic escaping ({@code '} and {@code <} stay as they
 * are), whitespace kept, and the helpers the specification names. A value from the user reaches a file
 * only through the escaper of that file's format, one helper each: {@code {{yaml x}}}, {@code {{json x}}},
 * {@code {{html x}}}, {@code {{markdown x}}}, {@code {{dartString x}}}, {@code {{dartComment x}}},
 * {@code {{sqlString x}}} and {@code {{sqlIdent x}}}.
 *
 * <p>A template renders one record, its context, and reads only that record's components; a name no
 * scope declares fails the render ({@link StrictContext}). Dart and drift templates declare their
 * imports with {@code {{import "package:drift/drift.dart"}}} (the arguments are joined, so
 * {@code {{import "package:" package "/data/database.dart"}}} works; {@code prefix=} (for {@code as}; Handlebars reserves that word) and {@code show=} add
 * clauses), and the renderer writes them at the top of the file ({@link Imports}).
 */
public final class Renderer {
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();

  /**
   * The one configured Handlebars, made when the first template renders: a server answers
   * initialize and tools/list without it, and each template compiles on its first use.
   */
  private static final class Engine {
    static final Handlebars HANDLEBARS = create();

    private static Handlebars create() {
      ClassPathTemplateLoader loader = new ClassPathTemplateLoader("/templates", "");
      Handlebars handlebars = new Handlebars(loader).with(EscapingStrategy.NOOP).prettyPrint(true);
      registerHelpers(handlebars);
      return handlebars;
    }
  }

  static void registerHelpers(Handlebars hb) {
    hb.registerHelper("eq", (Helper<Object>) (a, o) -> Objects.equals(str(a), str(o.param(0, null))));
    hb.registerHelper("neq", (Helper<Object>) (a, o) -> !Objects.equals(str(a), str(o.param(0, null))));
    hb.registerHelper("snakeCase", (Helper<Object>) (s, o) -> Names.snakeCase(str(s)));
    hb.registerHelper("pascalCase", (Helper<Object>) (s, o) -> Names.pascalCase(str(s)));
    hb.registerHelper("camelCase", (Helper<Object>) (s, o) -> Names.camelCase(str(s)));
    hb.registerHelper("upper", (Helper<Object>) (s, o) -> str(s).toUpperCase(java.util.Locale.ROOT));
    hb.registerHelper("dartString", (Helper<Object>) (s, o) -> DartCode.string(str(s)));
    hb.registerHelper("dartComment", escaper("dartComment", DartCode::comment));
    hb.registerHelper("yaml", escaper("yaml", YamlScalar::quoted));
    hb.registerHelper("json", escaper("json", JsonString::quoted));
    hb.registerHelper("html", escaper("html", HtmlText::escape));
    hb.registerHelper("markdown", escaper("markdown", MarkdownText::escape));
    hb.registerHelper("sqlString", escaper("sqlString", SqlCode::string));
    hb.registerHelper("sqlIdent", escaper("sqlIdent", SqlCode::identifier));
    hb.registerHelper("join", (Helper<Object>) (items, o) -> join(items, o.param(0, ", ")));
    hb.registerHelper("switch", Renderer::switchHelper);
    hb.registerHelper("case", Renderer::caseHelper);
    hb.registerHelper("import", Renderer::importHelper);
  }

  /** Where a render keeps the imports its template declares. */
  private static final String IMPORTS = Renderer.class.getName() + "#imports";

  /** {{import "dart:async"}}: records the import, to be written at the top of the file. */
  private static Object importHelper(Object first, Options options) {
    Imports imports = options.data(IMPORTS);
    if (imports == null) throw new IllegalArgumentException("{{import}} is for .dart and .drift templates");
    StringBuilder uri = new StringBuilder(uriPart(first));
    for (Object part : options.params) uri.append(uriPart(part));
    imports.add(new Imports.Directive(uri.toString(), options.hash("prefix"), options.hash("show")));
    return Imports.MARK;
  }

  private static String uriPart(Object part) {
    if (part == null) throw new IllegalArgumentException("{{import}} got no value for a part of its URI");
    return part.toString();
  }

  /** A helper that writes its argument through {@code escape}; a missing value is a template bug, not "". */
  private static Helper<Object> escaper(String name, UnaryOperator<String> escape) {
    return (value, options) -> {
      if (value == null) throw new IllegalArgumentException("{{" + name + "}} got no value: the template must guard optional values");
      return escape.apply(value.toString());
    };
  }

  /** {{#switch value}}{{#case "a"}}…{{/case}}{{#case "b" "c"}}…{{/case}}{{/switch}} */
  private static Object switchHelper(Object value, Options options) throws IOException {
    Options.Buffer buffer = options.buffer();
    Object previous = options.data("switchValue");
    options.data("switchValue", str(value));
    options.data("switchMatched", false);
    buffer.append(options.fn());
    options.data("switchValue", previous);
    return buffer;
  }

  private static Object caseHelper(Object value, Options options) throws IOException {
    Object current = options.data("switchValue");
    if (Boolean.TRUE.equals(options.data("switchMatched"))) return "";
    boolean match = Objects.equals(str(value), current);
    for (Object p : options.params) match |= Objects.equals(str(p), current);
    if (!match) return "";
    options.data("switchMatched", true);
    return options.fn();
  }

  private static String join(Object items, String separator) {
    if (items instanceof Collection<?> c) {
      return String.join(separator, c.stream().map(Renderer::str).toList());
    }
    return str(items);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /**
   * Renders a template resource ({@code templates/<feature>/<name>.hbs}) with its context, the
   * imports it declared at the top.
   */
  public String render(String source, Record context) {
    Optional<Imports> imports = Imports.of(source);
    try {
      Template template = compiled.computeIfAbsent(source, this::compile);
      String body = template.apply(StrictContext.root(context, imports.<Map<String, Object>>map(i -> Map.of(IMPORTS, i)).orElse(Map.of())));
      String out = imports.map(i -> i.hoist(body)).orElse(body);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders a one-line template, such as an output file name, with a context. */
  public String renderInline(String text, Record context) {
    if (!text.contains("{{")) return text;
    try {
      return Engine.HANDLEBARS.compileInline(text).apply(StrictContext.root(context, Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Template compile(String source) {
    try {
      return Engine.HANDLEBARS.compile(source.endsWith(".hbs") ? source : source + ".hbs");
    } catch (IOException e) {
      throw new UncheckedIOException("template " + source + " could not be compiled", e);
    }
  }
}
