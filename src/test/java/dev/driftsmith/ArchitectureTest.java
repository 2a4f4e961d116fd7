package dev.driftsmith;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, held by a test: data flows one way (adapter → tool → features →
 * generation → rendering, schema and workspace → model), no import runs back up a layer, and
 * features sit on one level, reading each other's facts only through the shared keys of
 * {@code dev.driftsmith.project.keys}.
 */
class ArchitectureTest {
  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.driftsmith");

  @Test
  void noImportRunsBackUpALayer() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Adapters").definedBy("dev.driftsmith", "dev.driftsmith.cli..", "dev.driftsmith.mcp..")
        .layer("Features").definedBy("dev.driftsmith.feature..")
        .layer("Tools").definedBy("dev.driftsmith.tool..")
        .layer("Generation").definedBy("dev.driftsmith.generate..")
        .layer("Rendering").definedBy("dev.driftsmith.render..")
        .layer("Schema").definedBy("dev.driftsmith.schema..")
        .layer("Workspace").definedBy("dev.driftsmith.workspace..")
        .layer("Model").definedBy("dev.driftsmith.project..", "dev.driftsmith.input..")
        .whereLayer("Adapters").mayNotBeAccessedByAnyLayer()
        .whereLayer("Features").mayOnlyBeAccessedByLayers("Adapters")
        .whereLayer("Tools").mayOnlyBeAccessedByLayers("Adapters", "Features")
        .whereLayer("Generation").mayOnlyBeAccessedByLayers("Adapters", "Features", "Tools")
        .whereLayer("Schema").mayOnlyBeAccessedByLayers("Adapters", "Features", "Tools", "Generation")
        .whereLayer("Workspace").mayOnlyBeAccessedByLayers("Adapters", "Features", "Tools", "Generation")
        .whereLayer("Rendering").mayOnlyBeAccessedByLayers("Adapters", "Features", "Tools", "Generation", "Schema")
        .check(MAIN);
  }

  @Test
  void featuresDoNotImportEachOther() {
    slices().matching("dev.driftsmith.feature.(*)..").should().notDependOnEachOther().check(MAIN);
  }

  /**
   * Suites that test the whole product (end to end, the gates over generated output, the pipeline)
   * and the test helpers have no main package of their own; every other test sits in the package of
   * the code it tests, so its tests are found next to it.
   */
  static final Set<String> WHOLE_PRODUCT_SUITES = Set.of("dev.driftsmith.e2e", "dev.driftsmith.gates", "dev.driftsmith.pipeline",
      "dev.driftsmith.testing");

  @Test
  void testPackagesMirrorMainPackages() {
    Set<String> main = MAIN.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("dev.driftsmith");
    Set<String> strays = tests.stream().map(JavaClass::getPackageName)
        .filter(p -> !main.contains(p) && WHOLE_PRODUCT_SUITES.stream().noneMatch(suite -> p.equals(suite) || p.startsWith(suite + ".")))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), strays, "test packages without a main package: move their tests next to the code they test");
  }
}
