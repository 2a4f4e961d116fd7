package dev.driftsmith.project;

/**
 * A feature's settings under {@code features:} that do not read as the feature's record: a hand
 * edit of driftsmith.yaml (a number written as {@code 0x2}, a list where one value belongs). Any
 * feature may read another's settings while it checks its own, so the first reader throws this
 * and validation reports it as the problem it is, with its field path.
 */
public final class UnreadableFeatureSetting extends RuntimeException {
  private final transient ManifestProblem problem;

  UnreadableFeatureSetting(ManifestProblem problem, Throwable cause) {
    super(problem.field() + ": " + problem.message(), cause);
    this.problem = problem;
  }

  public ManifestProblem problem() {
    return problem;
  }
}
