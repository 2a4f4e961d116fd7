package dev.driftsmith.generate;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pubspec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One feature (template family): its templates, how it renders files from the manifest, what it adds
 * to the database schema, and how it checks its part of a hand-edited manifest. Rendering is a
 * pure function of the manifest; tools (see dev.driftsmith.tool.ToolProvider) only change it.
 */
public interface Feature {
  String id();

  /**
   * This feature's templates, each with when it renders and the context of every file it writes.
   * Contexts read the input's schema, the database as the app has it with every feature's columns
   * and objects (render tables from it, not from the manifest's declarations).
   */
  List<FeatureTemplate> fileTemplates();

  default List<TemplateSpec> templates() {
    return fileTemplates().stream().map(FeatureTemplate::spec).toList();
  }

  /** This feature's files for {@code manifest}, whose database is {@code schema}. */
  default List<GeneratedFile> render(Manifest manifest, DatabaseSchema schema, Renderer renderer) {
    FeatureTemplate.Input in = new FeatureTemplate.Input(manifest, schema);
    return fileTemplates().stream().flatMap(t -> t.render(in, renderer).stream()).toList();
  }

  /** What the feature adds to the database schema; none by default. */
  default Optional<SchemaContributor> schemaContribution() {
    return Optional.empty();
  }

  /**
   * The keys under {@code features} in the manifest that hold this feature's configuration; any
   * other key there is a typo the manifest check reports.
   */
  default Set<String> configKeys() {
    return Set.of();
  }

  /**
   * What is wrong with this feature's part of a loaded manifest, checked with the same rules its
   * tools apply to their arguments (a hand-edited manifest must not reach the templates unchecked).
   * Features are checked in generation order and a feature only sees a manifest whose earlier
   * features passed, so it may rely on their parts, e.g. on the schema's tables being valid.
   */
  default List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    return List.of();
  }

  /**
   * {@code manifest} in this feature's current format, with the schema step that moves installed apps
   * there recorded through {@code steps}, and a note in {@code notes} for each change; {@code manifest}
   * itself when it is current. Runs when a project is loaded, before it is checked or written.
   */
  default Manifest upgrade(Manifest manifest, SchemaSteps steps, List<String> notes) throws ToolException {
    return manifest;
  }

  /** Packages the rendered code imports, added to pubspec.yaml. */
  default List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return List.of();
  }

  /** Whether pubspec.yaml needs the SQLite3MultipleCiphers build-hook define. */
  default boolean needsSqlite3mc(Manifest manifest) {
    return false;
  }
}
