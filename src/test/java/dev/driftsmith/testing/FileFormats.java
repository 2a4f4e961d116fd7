package dev.driftsmith.testing;

import dev.driftsmith.workspace.MigrationFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.parser.Parser;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each file of a project read by the real parser of its format: YAML 1.2 with snakeyaml-engine
 * (duplicate keys refused, as pub refuses them), JSON with Jackson, HTML with jsoup's HTML5 parser
 * (any parse error counts), Dart with tree-sitter-dart, migration files with Driftsmith's own reader.
 * Dart source must also show every character it holds: no raw bidi control or other invisible
 * character outside line breaks and tabs; nor may a migration file's description.
 */
public final class FileFormats {
  private FileFormats() {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static Object yaml(String text) {
    return new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
  }

  /** Problems of every file, as "path: problem"; empty when all parse. */
  public static List<String> problems(Map<String, String> files) {
    List<String> out = new ArrayList<>();
    for (var file : files.entrySet()) {
      for (String problem : problems(file.getKey(), file.getValue())) out.add(file.getKey() + ": " + problem);
    }
    return out;
  }

  public static List<String> problems(String path, String text) {
    List<String> out = new ArrayList<>();
    try {
      if (path.endsWith(".yaml")) yaml(text);
      if (path.endsWith(".json")) JSON.readTree(text);
    } catch (RuntimeException e) {
      out.add(e.getMessage());
    }
    if (path.endsWith(".html")) {
      Parser html = Parser.htmlParser().setTrackErrors(10);
      html.parseInput(text, "");
      html.getErrors().forEach(e -> out.add(e.toString()));
    }
    if (path.startsWith(MigrationFile.FOLDER + "/") && path.endsWith(".sql")) {
      MigrationFile.read(path, text).problems().forEach(p -> out.add("line " + p.line() + ": " + p.message()));
      // The statements are the stored SQL byte for byte; the description is ours to write, visibly.
      text.lines().filter(l -> l.startsWith("-- description: ")).flatMapToInt(String::codePoints).filter(FileFormats::isInvisible)
          .findFirst().ifPresent(cp -> out.add(String.format("raw invisible character U+%04X in the description", cp)));
    }
    if (path.endsWith(".dart")) {
      out.addAll(DartSyntax.problems(text));
      text.codePoints().filter(cp -> cp != '\n' && cp != '\t' && isInvisible(cp)).findFirst()
          .ifPresent(cp -> out.add(String.format("raw invisible character U+%04X", cp)));
    }
    return out;
  }

  static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
