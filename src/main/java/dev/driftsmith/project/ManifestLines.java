package dev.driftsmith.project;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The line of every field of a {@code driftsmith.yaml} text, by field path
 * ({@code schema.tables[2].columns[0].name}), read once from the YAML parser's token locations so
 * every problem found later can point at the line to edit. It also finds what binding reports
 * badly or not at all: a key written twice in one mapping (YAML keeps the last one silently), and
 * an empty list entry (binding only says that the record around it cannot be built).
 */
public final class ManifestLines implements FieldSites {
  /** What reading the text found; null until something asks, for lines of a text whose reading was put off. */
  private Found found;
  private final String yaml;

  private record Found(Map<String, Integer> lines, List<ManifestProblem> problems) {}

  private ManifestLines(Found found, String yaml) {
    this.found = found;
    this.yaml = yaml;
  }

  /**
   * The lines of {@code yaml}, read when first asked for: a text Driftsmith just wrote needs them
   * only when a later problem is reported, and reading them is a pass over the whole text.
   */
  static ManifestLines later(String yaml) {
    return new ManifestLines(null, yaml);
  }

  private synchronized Found found() {
    if (found == null) found = read(yaml);
    return found;
  }

  /** A mapping or a sequence being read: its path, and for a mapping the keys seen, for a sequence the next index. */
  private static final class Frame {
    final String path;
    final boolean sequence;
    final Set<String> keys = new HashSet<>();
    int next;

    Frame(String path, boolean sequence) {
      this.path = path;
      this.sequence = sequence;
    }
  }

  /**
   * Reads {@code yaml}. A syntax error is not thrown here: the lines read up to it are kept, and the
   * binding that follows reports the error itself.
   */
  public static ManifestLines of(String yaml) {
    return new ManifestLines(read(yaml), null);
  }

  private static Found read(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    List<ManifestProblem> problems = new ArrayList<>();
    Deque<Frame> open = new ArrayDeque<>();
    String key = "";
    try (JsonParser parser = ManifestIo.YAML.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          open.pop();
          continue;
        }
        Frame parent = open.peek();
        if (token == JsonToken.PROPERTY_NAME) {
          key = child(parent.path, parser.currentName());
          if (!parent.keys.add(parser.currentName())) {
            problems.add(new ManifestProblem(key, "is written twice in one mapping (YAML would keep only the last); keep one", line));
          }
          lines.putIfAbsent(key, line);
          continue;
        }
        String path = parent == null ? "" : parent.sequence ? parent.path + "[" + parent.next++ + "]" : key;
        lines.putIfAbsent(path, line);
        if (token == JsonToken.VALUE_NULL && parent != null && parent.sequence) {
          problems.add(new ManifestProblem(path, "is an empty entry (a '-' with nothing after it); remove the line or fill it in", line));
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          open.push(new Frame(path, token == JsonToken.START_ARRAY));
        }
      }
    } catch (JacksonException syntaxError) {
      // Reported with its line by the binding, which meets the same error.
    }
    return new Found(lines, problems);
  }

  private static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** The line of {@code path}; for a field the file does not have, the line of its nearest ancestor that it has. */
  public int lineOf(String path) {
    for (String p = path == null ? "" : path; ; p = parentOf(p)) {
      Integer line = found().lines().get(p);
      if (line != null) return line;
      if (p.isEmpty()) return 1;
    }
  }

  /** The line of a problem's field in driftsmith.yaml, or the line the YAML parser gave it. */
  @Override
  public Site site(ManifestProblem problem) {
    return new Site(Manifest.FILE_NAME, problem.line() > 0 ? problem.line() : lineOf(problem.field()), problem.field());
  }

  /** {@code a.b[2].c} → {@code a.b[2]} → {@code a.b} → {@code a} → {@code ""}. */
  static String parentOf(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** Keys written twice in one mapping, and empty list entries. */
  public List<ManifestProblem> problems() {
    return found().problems();
  }
}
