package dev.driftsmith.tool;

import dev.driftsmith.input.Args;

/**
 * A tool that works on the registry or on one project without changing its manifest through the
 * pipeline (project_*, template_*, drift_run_codegen): its parameters are read before it runs,
 * without a project to check them against.
 */
public abstract class PlainTool extends DeclaredTool {
  protected PlainTool(About about, Param<?>... params) {
    super(about, Params.of(params));
  }

  @Override
  public final ToolResult call(Args args, ToolContext context) throws Exception {
    return run(params().read(args, null), context);
  }

  protected abstract ToolResult run(Values values, ToolContext context) throws Exception;
}
