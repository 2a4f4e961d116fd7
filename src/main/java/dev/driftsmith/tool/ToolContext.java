package dev.driftsmith.tool;

import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.project.ProjectRegistry;

/** What tools work with. Built once per server (or CLI run) and shared by every call. */
public record ToolContext(ProjectRegistry registry, ProjectService projects) {}
