package dev.driftsmith.tool;

import dev.driftsmith.generate.CallCancelledException;
import dev.driftsmith.generate.CallControl;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.WriterLock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** All tools by name, in registration order. The MCP server and the CLI both dispatch through it. */
public final class ToolRegistry {
  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final ToolContext context;

  public ToolRegistry(ToolContext context) {
    this.context = context;
  }

  public ToolRegistry register(Tool tool) {
    if (tools.putIfAbsent(tool.name(), tool) != null) {
      throw new IllegalStateException("tool registered twice: " + tool.name());
    }
    return this;
  }

  public Collection<Tool> all() {
    return tools.values();
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** The message for a call of a tool that does not exist, the same on every transport and the CLI. */
  public static String unknownTool(String name) {
    return "no tool named '" + name + "'; see tools/list";
  }

  public ToolContext context() {
    return context;
  }

  /** Calls a tool; bad input and refusals become {@link ToolException}s with field-naming messages. */
  public ToolResult call(String name, Args args) throws ToolException {
    return call(name, args, CallControl.NONE);
  }

  /**
   * Calls a tool under {@code control}. A cancelled call throws {@link CallCancelledException}
   * unchanged, so the caller can tell it from a failure.
   */
  public ToolResult call(String name, Args args, CallControl control) throws ToolException {
    Tool tool = find(name).orElseThrow(() -> new ToolException("name", unknownTool(name)));
    args.checkValues();
    try {
      return tool.call(args, context.with(control));
    } catch (ToolException | CallCancelledException e) {
      throw e;
    } catch (WriterLock.Busy e) {
      // Another writer held the registry or a project too long: a refusal to retry, not a disk failure.
      throw new ToolException(null, e.getMessage());
    } catch (java.io.IOException e) {
      throw new ToolException(null, "file system error: " + e.getMessage());
    } catch (Exception e) {
      throw new ToolException(null, "internal error in " + name + ": " + e
          + ". Nothing was written. Please report this with the arguments you sent.");
    }
  }
}
