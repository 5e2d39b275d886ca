package io.github.oras.operator.reconciler;

import io.github.oras.operator.api.crd.OrasCache;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The problems of one cache in one reconciliation, computed once and shared by the dependents
 * (which refuse to roll out an invalid spec) and the reconciler (which reports them).
 */
public final class SpecProblems {
  private static final String CONTEXT_KEY = SpecProblems.class.getName();

  private SpecProblems() {}

  @SuppressWarnings("unchecked")
  public static List<SpecProblem> of(OrasCache cache, Context<OrasCache> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    var known = shared.get(CONTEXT_KEY, List.class);
    if (known.isPresent()) {
      return (List<SpecProblem>) known.get();
    }
    List<SpecProblem> found = List.copyOf(SpecCheck.check(SpecCheck.specOf(cache)));
    shared.put(CONTEXT_KEY, found);
    return found;
  }
}
