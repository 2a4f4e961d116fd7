package dev.driftsmith.render;

import java.util.regex.Pattern;

/**
 * A template and where its output goes (the specification's "Template Generation Strategy").
 * {@code path} and {@code filename} may use Handlebars expressions over the render context,
 * e.g. {@code filename = "{{snakeCase table.name}}_dao"}.
 */
public record TemplateSpec(String id, String name, String description, String source,
                           String path, String filename, String extension) {

  /** One plain path segment: letters, digits, {@code _ . -}; no separators, no {@code ..}, not empty. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");

  /**
   * The file this template writes for {@code context}: directly in the folder it declares. Names
   * from the manifest are checked when it loads; this refuses, as a second guard, a rendered name
   * that would put the file anywhere else (a table named {@code ../../x}).
   */
  public String outputPath(Renderer renderer, Object context) {
    String dir = renderer.renderInline(path, context);
    String file = renderer.renderInline(filename, context) + "." + extension;
    boolean plainDir = dir.isEmpty() || java.util.Arrays.stream(dir.split("/", -1)).allMatch(TemplateSpec::plain);
    if (!plainDir || !plain(file)) {
      throw new IllegalStateException("template " + id + " would write '" + (dir.isEmpty() ? "" : dir + "/") + file
          + "', which is not a file directly in " + (path.isEmpty() ? "the project root" : path)
          + "; a name in driftsmith.yaml is not a plain name");
    }
    return dir.isEmpty() ? file : dir + "/" + file;
  }

  private static boolean plain(String segment) {
    return SEGMENT.matcher(segment).matches() && !segment.contains("..");
  }
}
