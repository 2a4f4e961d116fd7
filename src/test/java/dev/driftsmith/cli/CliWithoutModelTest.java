package dev.driftsmith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code driftsmith generate DIR} and {@code driftsmith serve} start without picocli's model (its
 * classes cannot be in the launcher's class-data archive), and answer exactly as through picocli;
 * every other command line still goes through picocli, which alone knows options and argument files.
 */
class CliWithoutModelTest {
  @TempDir
  Path tmp;

  @Test
  void plainGenerateAndServeRunWithoutTheModel() {
    assertInstanceOf(Cli.Generate.class, Cli.withoutModel(new String[] {"generate", "app"}).orElseThrow());
    assertInstanceOf(Cli.Serve.class, Cli.withoutModel(new String[] {"serve"}).orElseThrow());
  }

  @Test
  void optionsArgumentFilesAndOtherCommandsGoThroughPicocli() {
    for (List<String> args : List.<List<String>>of(List.of(), List.of("generate"), List.of("generate", "--dry-run", "app"),
        List.of("generate", "app", "--force"), List.of("generate", "--help"), List.of("generate", "@args.txt"),
        List.of("generate", "a\0b"), List.of("check", "app"), List.of("serve", "--http"), List.of("generate", "-"))) {
      assertTrue(Cli.withoutModel(args.toArray(String[]::new)).isEmpty(), () -> args + " must go through picocli");
    }
  }

  /** A hand edit regenerated on two equal copies, one through each path: the same lines, the same exit code. */
  @Test
  void plainGenerateAnswersAsPicocliDoes() throws Exception {
    Path viaPicocli = new TestEnv().projectWithNotes(tmp.resolve("a"));
    Path direct = new TestEnv().projectWithNotes(tmp.resolve("b"));
    for (Path root : List.of(viaPicocli, direct)) {
      Files.writeString(root.resolve("driftsmith.yaml"), "# a hand edit\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
    Answer picocli = run(() -> new CommandLine(new Cli()).execute("generate", viaPicocli.toString()));
    Answer plain = run(Cli.withoutModel(new String[] {"generate", direct.toString()}).orElseThrow());
    assertEquals(picocli.withPath(viaPicocli), plain.withPath(direct));
    assertTrue(plain.out().contains("1 updated"), plain.out());

    Path noManifest = Files.createDirectories(tmp.resolve("empty"));
    Answer refusedByPicocli = run(() -> new CommandLine(new Cli()).execute("generate", noManifest.toString()));
    Answer refusedPlain = run(Cli.withoutModel(new String[] {"generate", noManifest.toString()}).orElseThrow());
    assertEquals(refusedByPicocli, refusedPlain);
    assertEquals(2, refusedPlain.exitCode(), refusedPlain::toString);
  }

  private record Answer(int exitCode, String out, String err) {
    Answer withPath(Path root) {
      return new Answer(exitCode, out.replace(root.toString(), "DIR"), err.replace(root.toString(), "DIR"));
    }
  }

  private static Answer run(Callable<Integer> command) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int code = command.call();
      return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
