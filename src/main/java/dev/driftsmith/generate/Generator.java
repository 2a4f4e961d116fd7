package dev.driftsmith.generate;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaModel;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders every feature for a manifest. Same manifest → same files, same bytes, same order. */
public final class Generator {
  private final List<Feature> features;
  private final Renderer renderer;
  private final SchemaSteps steps;

  public Generator(List<Feature> features, Renderer renderer) {
    this.features = List.copyOf(features);
    this.renderer = renderer;
    this.steps = new SchemaSteps(new SchemaModel(features.stream()
        .flatMap(f -> f.schemaContribution().stream()).toList()));
  }

  /** The database schema of a manifest, with every feature's contribution. */
  public SchemaModel schema() {
    return steps.model();
  }

  /** Records and proves schema steps against this schema model. */
  public SchemaSteps steps() {
    return steps;
  }

  public List<Feature> features() {
    return features;
  }

  public Renderer renderer() {
    return renderer;
  }

  public List<GeneratedFile> render(Manifest manifest) {
    Map<String, GeneratedFile> byPath = new LinkedHashMap<>();
    DatabaseSchema schema = schema().of(manifest);
    for (Feature feature : features) {
      for (GeneratedFile file : feature.render(manifest, schema, renderer)) {
        if (byPath.put(file.path(), file) != null) {
          throw new IllegalStateException("two templates write " + file.path());
        }
      }
    }
    byPath.put(PUBSPEC, pubspec(manifest));
    List<GeneratedFile> files = new ArrayList<>(byPath.values());
    files.sort(Comparator.comparing(GeneratedFile::path));
    return files;
  }

  public static final String PUBSPEC = "pubspec.yaml";
  public static final String PUBSPEC_TEMPLATE = "core.pubspec";

  /** What pubspec.yaml is rendered from: the package, its SDK constraint and every feature's packages. */
  record PubspecContext(String packageName, String description, String sdk, List<Pubspec.Dependency> dependencies,
                        List<Pubspec.Dependency> devDependencies, boolean sqlite3mc) {}

  /** pubspec.yaml needs every feature's packages, so it is assembled here rather than in one feature. */
  private GeneratedFile pubspec(Manifest manifest) {
    List<Pubspec.Dependency> deps = dependencies(manifest);
    boolean hook = needsSqlite3mc(manifest);
    PubspecContext context = new PubspecContext(manifest.project().name(), pubspecDescription(manifest.project()),
        Pin.DART_SDK.constraint(), deps.stream().filter(d -> !d.dev()).toList(),
        deps.stream().filter(Pubspec.Dependency::dev).toList(), hook);
    String fresh = renderer.render("core/pubspec.yaml", context);
    return GeneratedFile.merged(PUBSPEC, fresh, PUBSPEC_TEMPLATE, existing -> Pubspec.merge(existing, deps, hook));
  }

  private static String pubspecDescription(Manifest.ProjectInfo project) {
    return project.description() != null && !project.description().isEmpty() ? project.description()
        : project.displayNameOrDefault() + ", an offline-first Flutter app on drift.";
  }

  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    Map<String, Pubspec.Dependency> byName = new LinkedHashMap<>();
    for (Feature f : features) for (Pubspec.Dependency d : f.dependencies(manifest)) byName.putIfAbsent(d.name(), d);
    List<Pubspec.Dependency> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(Pubspec.Dependency::name));
    return out;
  }

  public boolean needsSqlite3mc(Manifest manifest) {
    return features.stream().anyMatch(f -> f.needsSqlite3mc(manifest));
  }

  public List<TemplateSpec> templates() {
    return features.stream().flatMap(f -> f.templates().stream()).toList();
  }

  public Optional<TemplateSpec> template(String id) {
    return templates().stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
