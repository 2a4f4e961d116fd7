package dev.driftsmith;

import dev.driftsmith.feature.audit.AuditFeature;
import dev.driftsmith.feature.codegen.RunCodegenTool;
import dev.driftsmith.feature.core.CoreFeature;
import dev.driftsmith.feature.encryption.EncryptionFeature;
import dev.driftsmith.feature.performance.PerformanceFeature;
import dev.driftsmith.feature.repository.RepositoryFeature;
import dev.driftsmith.feature.schema.SchemaFeature;
import dev.driftsmith.feature.search.SearchFeature;
import dev.driftsmith.feature.sync.SyncFeature;
import dev.driftsmith.feature.versioning.VersioningFeature;
import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.Generator;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.project.ProjectRegistry;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.tool.ToolRegistry;
import java.util.List;

/** Wires the application together. Adding a feature: one package plus one line in {@link #features()}. */
public final class Driftsmith {
  private Driftsmith() {}

  /** Every feature, in generation order. */
  public static List<Feature> features() {
    return List.of(
        new CoreFeature(),
        new SchemaFeature(),
        new EncryptionFeature(),
        new SyncFeature(),
        new PerformanceFeature(),
        new VersioningFeature(),
        new RepositoryFeature(),
        new SearchFeature(),
        new AuditFeature());
  }

  public static ToolRegistry tools(ProjectRegistry registry) {
    Generator generator = new Generator(features(), new Renderer());
    ToolRegistry tools = new ToolRegistry(new ToolContext(registry, new ProjectService(registry, generator)));
    for (Feature feature : generator.features()) {
      if (feature instanceof ToolProvider provider) provider.tools().forEach(tools::register);
    }
    tools.register(new RunCodegenTool());
    return tools;
  }
}
