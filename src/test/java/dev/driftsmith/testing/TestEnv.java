package dev.driftsmith.testing;

import dev.driftsmith.project.Manifest;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.cli.DemoProject;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.workspace.GeneratedHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Tools over an in-memory registry, plus helpers to build and read projects in temp folders. */
public final class TestEnv {
  public final ToolRegistry tools = Driftsmith.tools(new MemoryProjectRegistry());

  public ToolResult call(String tool, String json) {
    try {
      return tools.call(tool, Args.parse(json));
    } catch (ToolException e) {
      throw new AssertionError(tool + " failed: " + e.getMessage(), e);
    }
  }

  public ToolException error(String tool, String json) {
    try {
      tools.call(tool, Args.parse(json));
    } catch (ToolException e) {
      return e;
    }
    return fail(tool + " accepted bad input: " + json);
  }

  /**
   * The call is refused with a message that starts with {@code field}, says {@code hint}, and leaves
   * every file under {@code root} byte-for-byte as it was.
   */
  public void assertRefused(Path root, String tool, String json, String field, String hint) {
    Map<String, String> before = files(root);
    Map<String, String> cacheBefore = cache(root);
    ToolException e = error(tool, json);
    assertTrue(e.getMessage().startsWith(field + ":"), () -> "message should start with the field " + field + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(hint), () -> "message should say <" + hint + ">: " + e.getMessage());
    if (!before.equals(files(root))) fail("files changed after a refused call of " + tool + ": " + json);
    if (!cacheBefore.equals(cache(root))) fail(CACHE + " changed after a refused call of " + tool + ": " + json);
  }

  /** Driftsmith's caches in the project (proofs, what the last write left): a refused call writes none. */
  public static final String CACHE = dev.driftsmith.project.CacheFile.FOLDER;

  /** Every file in {@link #CACHE} by relative path, with its bytes as text. */
  public static Map<String, String> cache(Path root) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root.resolve(CACHE))) return out;
    try (Stream<Path> walk = Files.walk(root.resolve(CACHE))) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A fresh project with id {@code p} in {@code dir}. */
  public Path project(Path dir) {
    return project(dir, "p");
  }

  /** A fresh project with id {@code id} in {@code dir}. */
  public Path project(Path dir, String id) {
    call("project_create", "{\"name\": \"sample_app\", \"id\": \"" + id + "\", \"path\": " + quote(dir) + "}");
    return dir;
  }

  /** A fresh project with id {@code p} in {@code dir} and one table, {@code notes} (a text column {@code title}). */
  public Path projectWithNotes(Path dir) {
    project(dir);
    call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    return dir;
  }

  /** The demo project, built through its tool calls. */
  public static Path demo(Path dir) {
    try {
      DemoProject.create(dir);
      return dir;
    } catch (ToolException e) {
      throw new AssertionError("demo failed: " + e.getMessage(), e);
    }
  }

  public static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\") + "\"";
  }

  /**
   * Every file below {@code root} by relative path, with its bytes as text; except {@code .dart_tool/},
   * Flutter's machine-local state, where Driftsmith keeps its lock file and its caches ({@link #cache}).
   */
  public static Map<String, String> files(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(p).toString().replace('\\', '/');
        if (!relative.startsWith(".dart_tool/")) out.put(relative, Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static String read(Path root, String relative) {
    try {
      return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code body} to the file at {@code relative} under Driftsmith's header, with the hash of
   * the body: a file that passes as ours, as a careful hand (or an attacker) would write it.
   */
  public static void writeWithMatchingHash(Path root, String relative, String body) {
    try {
      Files.createDirectories(root.resolve(relative).getParent());
      Files.writeString(root.resolve(relative), GeneratedHeader.wrap(relative, GeneratedHeader.MARK + ".", body), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a column to the project's first table by hand in driftsmith.yaml, one no schema step adds:
   * replaying the steps then misses it, which a proof must find.
   */
  public static void handEditAColumnNoStepAdds(Path root) throws IOException {
    String title = "    - name: title\n      type: text\n";
    Path yaml = root.resolve(Manifest.FILE_NAME);
    String text = Files.readString(yaml);
    assertTrue(text.contains(title), text);
    Files.writeString(yaml, text.replace(title, title + "    - name: body\n      type: text\n      nullable: true\n"));
  }

  /** Copies the folder {@code from}, with everything in it, to {@code to}; returns {@code to}. */
  public static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return to;
  }

  /** Deletes {@code path} and everything below it; nothing when it does not exist. */
  public static void deleteRecursively(Path path) {
    if (!Files.exists(path)) return;
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), () -> "expected to find <" + needle + "> in:\n" + haystack);
  }
}
