package dev.driftsmith.generate;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.workspace.Pubspec;
import java.util.List;

/**
 * One feature (template family): its tools, its templates, and how it renders files from the
 * manifest. Rendering is a pure function of the manifest; tools only change the manifest.
 */
public interface Feature {
  String id();

  List<TemplateSpec> templates();

  List<GeneratedFile> render(Manifest manifest, Renderer renderer);

  default List<Tool> tools() {
    return List.of();
  }

  /** Packages the rendered code imports, added to pubspec.yaml. */
  default List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return List.of();
  }

  /** Whether pubspec.yaml needs the SQLite3MultipleCiphers build-hook define. */
  default boolean needsSqlite3mc(Manifest manifest) {
    return false;
  }

  /** Renders one template of this feature with {@code context} into a file. */
  default GeneratedFile managed(Renderer renderer, TemplateSpec spec, Object context) {
    return GeneratedFile.managed(spec.outputPath(renderer, context), renderer.render(spec.source(), context), spec.id());
  }

  default GeneratedFile scaffold(Renderer renderer, TemplateSpec spec, Object context) {
    return GeneratedFile.scaffold(spec.outputPath(renderer, context), renderer.render(spec.source(), context), spec.id());
  }
}
