package dev.driftsmith.tool;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool that changes the manifest of a registered project and regenerates. Subclasses declare
 * their own parameters and turn them into a new manifest; projectId, dryRun and force, the
 * pipeline and the change-set result are shared.
 */
public abstract class ManifestTool implements Tool {
  private final Map<String, Object> schema;
  private final Set<String> accepted;

  protected ManifestTool() {
    JsonSchemas s = JsonSchemas.object().projectId();
    declare(s);
    s.dryRunAndForce();
    schema = s.build();
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) schema.get("properties");
    accepted = new HashSet<>(props.keySet());
  }

  /** Adds the tool's own parameters to the schema. */
  protected abstract void declare(JsonSchemas schema);

  /** The new manifest; throws {@link ToolException} for bad input. Notes go to the result. */
  protected abstract Manifest change(Manifest current, Args args, Change change) throws ToolException;

  @Override
  public Map<String, Object> inputSchema() {
    return schema;
  }

  /** Until each tool declares its parameters: its name as its title, and no declarations. */
  @Override
  public String title() {
    return name();
  }

  @Override
  public Params params() {
    return Params.of();
  }

  @Override
  public Hints hints() {
    return Hints.GENERATES;
  }

  @Override
  public ToolResult call(Args args, ToolContext context) throws Exception {
    args.only(accepted);
    String projectId = args.string("projectId");
    var options = context.options(args.bool("dryRun", false), args.bool("force", false));
    List<String> notes = new ArrayList<>();
    Change change = new Change(notes, context.projects().generator().steps());
    ChangeSet changes = context.projects().update(projectId, m -> change(m, args, change), options, notes);
    return new ToolResult(changes.summary(), changes);
  }
}
