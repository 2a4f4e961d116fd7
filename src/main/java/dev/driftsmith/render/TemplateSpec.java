package dev.driftsmith.render;

/**
 * A template and where its output goes (the specification's "Template Generation Strategy").
 * {@code path} and {@code filename} may use Handlebars expressions over the render context,
 * e.g. {@code filename = "{{snakeCase table.name}}_dao"}.
 */
public record TemplateSpec(String id, String name, String description, String source,
                           String path, String filename, String extension) {

  public String outputPath(Renderer renderer, Object context) {
    String dir = renderer.renderInline(path, context);
    String file = renderer.renderInline(filename, context) + "." + extension;
    return dir.isEmpty() ? file : dir + "/" + file;
  }
}
