package dev.driftsmith.tool;

/** A {@link ManifestTool} whose name and description are fixed at construction. */
public abstract class NamedManifestTool extends ManifestTool {
  private final String name;
  private final String description;

  protected NamedManifestTool(String name, String description) {
    this.name = name;
    this.description = description;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }
}
