package io.github.oras.operator.reconciler.dependent;

import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.reconciler.SpecCheck;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the registry's StatefulSet and Service: the cache runs a registry
 * unless spec.deploy is false. When the condition turns false the workflow deletes both, so
 * switching a cache to a remote registry removes the local one.
 */
public class DeployEnabledCondition implements Condition<Object, OrasCache> {

  public static boolean deploys(OrasCache cache) {
    return !Boolean.FALSE.equals(SpecCheck.specOf(cache).getDeploy());
  }

  @Override
  public boolean isMet(
      DependentResource<Object, OrasCache> dependentResource,
      OrasCache cache,
      Context<OrasCache> context) {
    return deploys(cache);
  }
}
