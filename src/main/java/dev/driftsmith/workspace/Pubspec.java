package dev.driftsmith.workspace;

import dev.driftsmith.project.ManifestIo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Adds what the generated code needs to a user's pubspec.yaml and changes nothing else: comments,
 * order and formatting of their lines stay as they were. Edits are textual; the result is parsed
 * again to prove it is still valid YAML with the dependencies in place.
 */
public final class Pubspec {
  private Pubspec() {}

  /** A package the generated code imports. {@code constraint} null means an SDK package (flutter). */
  public record Dependency(String name, String constraint, boolean dev) {
    String yamlLines(String indent) {
      if (constraint == null) return indent + name + ":\n" + indent + "  sdk: flutter\n";
      return indent + name + ": " + constraint + "\n";
    }
  }

  /**
   * The build-hook define that makes the sqlite3 package build SQLite3MultipleCiphers, where encryption
   * comes from since sqlcipher_flutter_libs reached end of life; a top-level block of the app's pubspec.
   */
  public static final String SQLITE3MC_HOOK = "hooks:\n  user_defines:\n    sqlite3:\n      source: sqlite3mc\n";

  public static String merge(String existing, List<Dependency> deps, boolean sqlite3mcHook) {
    JsonNode tree = parse(existing);
    String text = existing.endsWith("\n") || existing.isEmpty() ? existing : existing + "\n";
    for (boolean dev : new boolean[] {false, true}) {
      String section = dev ? "dev_dependencies" : "dependencies";
      List<Dependency> missing = new ArrayList<>();
      for (Dependency d : deps) {
        if (d.dev() == dev && !has(tree, section, d.name()) && !has(tree, dev ? "dependencies" : "dev_dependencies", d.name())) {
          missing.add(d);
        }
      }
      if (!missing.isEmpty()) text = addToSection(text, section, missing);
    }
    if (sqlite3mcHook && !tree.path("hooks").path("user_defines").path("sqlite3").has("source")) {
      if (tree.has("hooks")) {
        throw new IllegalStateException("pubspec.yaml has a hooks: block; add user_defines: sqlite3: source: sqlite3mc to it by hand");
      }
      text = text + "\n" + SQLITE3MC_HOOK;
    }
    JsonNode check = parse(text);
    for (Dependency d : deps) {
      String section = d.dev() ? "dev_dependencies" : "dependencies";
      if (!has(check, section, d.name()) && !has(check, d.dev() ? "dependencies" : "dev_dependencies", d.name())) {
        throw new IllegalStateException("could not add " + d.name() + " to pubspec.yaml " + section);
      }
    }
    return text;
  }

  private static boolean has(JsonNode tree, String section, String name) {
    JsonNode s = tree.get(section);
    return s != null && s.isObject() && s.has(name);
  }

  public static JsonNode parse(String yaml) {
    JsonNode node = ManifestIo.YAML.readTree(yaml.isBlank() ? "{}" : yaml);
    if (node == null || node.isMissingNode() || node.isNull()) return ManifestIo.YAML.createObjectNode();
    if (!node.isObject()) throw new IllegalStateException("pubspec.yaml is not a YAML mapping");
    return node;
  }

  private static String addToSection(String text, String section, List<Dependency> missing) {
    Matcher header = Pattern.compile("(?m)^" + section + ":[ \\t]*(#.*)?$").matcher(text);
    if (!header.find()) {
      StringBuilder block = new StringBuilder("\n" + section + ":\n");
      for (Dependency d : missing) block.append(d.yamlLines("  "));
      return text + block;
    }
    int insertAt = text.indexOf('\n', header.end());
    insertAt = insertAt < 0 ? text.length() : insertAt + 1;
    String indent = indentOfNextEntry(text, insertAt);
    StringBuilder lines = new StringBuilder();
    for (Dependency d : missing) lines.append(d.yamlLines(indent));
    return text.substring(0, insertAt) + lines + text.substring(insertAt);
  }

  private static String indentOfNextEntry(String text, int from) {
    Matcher m = Pattern.compile("(?m)^([ \\t]+)\\S").matcher(text);
    if (m.find(from)) {
      int lineStart = text.lastIndexOf('\n', m.start(1) - 1) + 1;
      if (lineStart == m.start(1)) return m.group(1);
    }
    return "  ";
  }
}
