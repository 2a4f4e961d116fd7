package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.GeneratorBuild;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proofs of a schema history stored in the project spare a new process the replay of a history it
 * proved before; what is stored is a digest of everything the proof read, of one build, and
 * `check` replays whatever the store says.
 */
class ProofStoreTest {
  /** The hand edit: a column in driftsmith.yaml that no schema step adds, so replaying the steps misses it. */
  private static final String TITLE = "    - name: title\n      type: text\n";
  private static final String TITLE_AND_BODY = TITLE + "    - name: body\n      type: text\n      nullable: true\n";

  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private Path root;
  private SchemaSteps steps;

  @BeforeEach
  void project() {
    root = env.projectWithNotes(tmp.resolve("app"));
    steps = env.tools.context().projects().generator().steps();
  }

  @Test
  void aWriteStoresTheProofOfTheHistoryItSaved() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve(ProofStore.FILE));
    assertEquals(List.of("driftsmith-proofs 1", GeneratorBuild.id()), lines.subList(0, 2));
    assertEquals(hex(steps.proofDigest(ManifestFiles.manifest(root))), lines.get(lines.size() - 1));
  }

  @Test
  void aWriteThatReliedOnStoredProofsOnlyLeavesTheStoreAsItWas() throws Exception {
    byte[] before = Files.readAllBytes(root.resolve(ProofStore.FILE));
    new TestEnv().tools.context().projects().regenerateInFull(root, null, ProjectService.Options.WRITE);
    assertArrayEquals(before, Files.readAllBytes(root.resolve(ProofStore.FILE)));
  }

  @Test
  void aStoredProofIsTrustedByACallAndNeverByCheck() throws Exception {
    handEditAColumnNoStepAdds();
    Manifest broken = ManifestFiles.manifest(root);
    String replayProblem = "replaying the steps gives another schema than a fresh install";
    byte[] storeBefore = Files.readAllBytes(root.resolve(ProofStore.FILE));
    ToolException refused = assertThrows(ToolException.class,
        () -> new TestEnv().tools.context().projects().regenerateInFull(root, null, ProjectService.Options.WRITE));
    assertTrue(refused.getMessage().contains(replayProblem), refused::getMessage);
    assertArrayEquals(storeBefore, Files.readAllBytes(root.resolve(ProofStore.FILE)), "a refused call stores nothing");

    // Whoever can write the store can skip this proof (and could as well write the migrations and the Dart) ...
    store(GeneratorBuild.id(), hex(steps.proofDigest(broken)));
    ProjectService trusting = new TestEnv().tools.context().projects();
    trusting.regenerateInFull(root, null, ProjectService.Options.WRITE);
    // ... but check replays the whole history, in the same process as in a new one.
    for (ProjectService checking : List.of(trusting, new TestEnv().tools.context().projects())) {
      ToolException found = assertThrows(ToolException.class, () -> checking.check(root));
      assertTrue(found.getMessage().contains(replayProblem), found::getMessage);
    }
  }

  @Test
  void aStoreOfAnotherBuildOrCutShortOrGarbledOrMissingTrustsNothing() throws Exception {
    handEditAColumnNoStepAdds();
    Manifest broken = ManifestFiles.manifest(root);
    String digest = hex(steps.proofDigest(broken));
    assertTrue(departureWithTheStore(broken).isPresent(), "the store holds no proof of the edited history yet");
    store(GeneratorBuild.id(), digest);
    assertTrue(departureWithTheStore(broken).isEmpty(), "a stored proof is trusted");

    store("0".repeat(64), digest);
    assertTrue(departureWithTheStore(broken).isPresent(), "another build's proofs are not");
    store(GeneratorBuild.id(), digest.substring(0, 40));
    assertTrue(departureWithTheStore(broken).isPresent(), "a digest cut short is no proof");
    store(GeneratorBuild.id(), digest.replace(digest.charAt(0), digest.charAt(0) == 'a' ? 'b' : 'a'));
    assertTrue(departureWithTheStore(broken).isPresent(), "a garbled digest is no proof");
    store(GeneratorBuild.id(), IntStream.range(0, ProofStore.KEPT).mapToObj(i -> "0".repeat(64))
        .collect(Collectors.joining("\n")) + "\n" + digest);
    assertTrue(departureWithTheStore(broken).isPresent(), "a store longer than it is ever written is not read");
    Files.write(root.resolve(ProofStore.FILE), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertTrue(departureWithTheStore(broken).isPresent(), "bytes that are not text are no store");
    Files.delete(root.resolve(ProofStore.FILE));
    assertTrue(departureWithTheStore(broken).isPresent(), "no store, no stored proof");
  }

  @Test
  void theStoreKeepsTheNewestProofs() throws Exception {
    for (int i = 0; i < ProofStore.KEPT + 2; i++) {
      env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"t" + i + "\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    }
    List<String> lines = Files.readAllLines(root.resolve(ProofStore.FILE));
    assertEquals(2 + ProofStore.KEPT, lines.size());
    assertEquals(hex(steps.proofDigest(ManifestFiles.manifest(root))), lines.get(lines.size() - 1));
  }

  /** How replaying the history departs from a fresh install, asked as a tool call asks: with the project's store open. */
  private Optional<SchemaSteps.Departure> departureWithTheStore(Manifest manifest) {
    try (ProofStore store = ProofStore.open(root, GeneratorBuild.id())) {
      return steps.departure(manifest);
    }
  }

  private void handEditAColumnNoStepAdds() throws Exception {
    Path yaml = root.resolve(Manifest.FILE_NAME);
    String text = Files.readString(yaml);
    assertTrue(text.contains(TITLE), text);
    Files.writeString(yaml, text.replace(TITLE, TITLE_AND_BODY));
    assertFalse(ManifestFiles.manifest(root).schema().tables().get(0).columns().isEmpty());
  }

  private void store(String build, String digests) throws Exception {
    Files.writeString(root.resolve(ProofStore.FILE), "driftsmith-proofs 1\n" + build + "\n" + digests + "\n", StandardCharsets.UTF_8);
  }

  private static String hex(ByteBuffer digest) {
    return HexFormat.of().formatHex(digest.array());
  }
}
