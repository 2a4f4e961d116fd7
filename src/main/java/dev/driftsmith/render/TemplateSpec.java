package dev.driftsmith.render;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A template and where its output goes (the specification's "Template Generation Strategy").
 * {@code path} and {@code filename} may use Handlebars expressions over the render context,
 * e.g. {@code filename = "{{sqlName}}_dao"}.
 */
public record TemplateSpec(String id, String name, String description, String source,
                           String path, String filename, String extension) {

  /** One plain path segment: letters, digits, {@code _ . -}; no separators, no {@code ..}, not empty. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");

  /**
   * The template {@code source} (the resource {@code templates/<source>.hbs}) writing a file of the
   * same name into {@code outputDir}: {@code schema/connection.dart} writes {@code connection.dart}.
   * A source without an extension writes a dotfile: {@code core/gitignore} writes {@code .gitignore}.
   */
  public static TemplateSpec of(String id, String name, String source, String outputDir, String description) {
    String file = source.substring(source.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    return new TemplateSpec(id, name, description, source, outputDir,
        dot < 0 ? "" : file.substring(0, dot), dot < 0 ? file : file.substring(dot + 1));
  }

  /** This template writing a file named {@code filename} (a Handlebars expression over its context, e.g. one per table). */
  public TemplateSpec withFileName(String filename) {
    return new TemplateSpec(id, name, description, source, path, filename, extension);
  }

  /**
   * The file this template writes for {@code context}: directly in the folder it declares. Names
   * from the manifest are checked when it loads; this refuses, as a second guard, a rendered name
   * that would put the file anywhere else (a table named {@code ../../x}).
   */
  public String outputPath(Renderer renderer, Record context) {
    String dir = renderer.renderInline(path, context);
    String file = renderer.renderInline(filename, context) + "." + extension;
    boolean plainDir = dir.isEmpty() || Arrays.stream(dir.split("/", -1)).allMatch(TemplateSpec::plain);
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
