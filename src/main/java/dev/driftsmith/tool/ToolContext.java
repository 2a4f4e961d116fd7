package dev.driftsmith.tool;

import dev.driftsmith.generate.CallControl;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.project.ProjectRegistry;

/**
 * What tools work with. Built once per server (or CLI run) and shared by every call; {@link #with}
 * gives one call its own {@link CallControl} (progress and cancellation), which tools pass on to
 * {@link ProjectService}.
 */
public record ToolContext(ProjectRegistry registry, ProjectService projects, CallControl control) {
  public ToolContext(ProjectRegistry registry, ProjectService projects) {
    this(registry, projects, CallControl.NONE);
  }

  public ToolContext with(CallControl callControl) {
    return new ToolContext(registry, projects, callControl);
  }

  /** The pipeline options of a generating call, carrying this call's control. */
  public ProjectService.Options options(boolean dryRun, boolean force) {
    return new ProjectService.Options(dryRun, force, control);
  }
}
