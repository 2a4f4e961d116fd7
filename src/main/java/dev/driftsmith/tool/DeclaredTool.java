package dev.driftsmith.tool;

import java.util.Map;

/** A tool whose contract comes from its {@link About} and its declared parameters. */
public abstract class DeclaredTool implements Tool {
  private final About about;
  private final Params params;
  private final Map<String, Object> schema;

  protected DeclaredTool(About about, Params params) {
    this.about = about;
    this.params = params;
    this.schema = params.schema();
  }

  @Override
  public final String name() {
    return about.name();
  }

  @Override
  public final String title() {
    return about.title();
  }

  @Override
  public final String description() {
    return about.description();
  }

  @Override
  public final Hints hints() {
    return about.hints();
  }

  @Override
  public final Params params() {
    return params;
  }

  @Override
  public final Map<String, Object> inputSchema() {
    return schema;
  }
}
