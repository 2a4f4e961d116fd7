package dev.driftsmith.tool;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool that changes the manifest of a registered project and regenerates. It declares its own
 * parameters; projectId, dryRun and force, the pipeline and the change-set result are shared. Its
 * parameters are read against the project's manifest, so a table parameter is read as that table.
 */
public abstract class FeatureTool extends DeclaredTool {
  /*
   * The three shared parameters carry no description: the server's instructions explain them once
   * (McpServerFactory.INSTRUCTIONS), rather than every tool of tools/list repeating the same prose.
   */
  public static final Param<String> PROJECT_ID = Param.string("projectId").required();
  public static final Param<Boolean> DRY_RUN = Param.bool("dryRun").orDefault(false);
  public static final Param<Boolean> FORCE = Param.bool("force").orDefault(false);

  /** The shared parameters are read before the project is loaded: they say which project, and how. */
  private static final Manifest NO_PROJECT = null;

  private final Params own;

  protected FeatureTool(About about, Params own) {
    super(about, Params.of(PROJECT_ID).and(own.all()).and(DRY_RUN, FORCE));
    this.own = own;
  }

  /** The tool's own parameters, without projectId, dryRun and force: those a stored configuration has too. */
  public final Params own() {
    return own;
  }

  /**
   * Whether the tool configures tables that must already exist: a project without tables is then
   * refused before anything is read, pointing at drift_add_table.
   */
  protected boolean onExistingTables() {
    return false;
  }

  /**
   * What must be made to hold before the parameters are read, e.g. sync enabled, so that a synced
   * table parameter can be read. Runs on the loaded manifest; the default changes nothing.
   */
  protected Manifest prepare(Manifest current, Change change) throws ToolException {
    return current;
  }

  /** The new manifest; throws {@link ToolException} for bad input. Notes go to the result. */
  protected abstract Manifest change(Manifest current, Values values, Change change) throws ToolException;

  @Override
  public final ToolResult call(Args args, ToolContext context) throws Exception {
    args.only(params().names());
    String projectId = PROJECT_ID.read(args, NO_PROJECT);
    var options = context.options(flag(args, DRY_RUN), flag(args, FORCE));
    List<String> notes = new ArrayList<>();
    Change change = new Change(notes, context.projects().generator().steps());
    ChangeSet changes = context.projects().update(projectId, m -> {
      if (onExistingTables()) Tables.requireSome(m);
      Manifest ready = prepare(m, change);
      return change(ready, params().read(args, ready), change);
    }, options, notes);
    return new ToolResult(ResultText.of(changes), changes);
  }

  private static boolean flag(Args args, Param<Boolean> param) throws ToolException {
    return Boolean.TRUE.equals(param.read(args, NO_PROJECT));
  }
}
