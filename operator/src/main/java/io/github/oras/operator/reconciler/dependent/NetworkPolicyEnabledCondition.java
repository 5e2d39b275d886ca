package io.github.oras.operator.reconciler.dependent;

import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheNetwork;
import io.github.oras.operator.reconciler.SpecCheck;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the registry's NetworkPolicy: a registry is deployed and
 * spec.network.policy is not false. When it turns false the workflow deletes the policy.
 */
public class NetworkPolicyEnabledCondition implements Condition<Object, OrasCache> {

  public static boolean wanted(OrasCache cache) {
    OrasCacheNetwork network = SpecCheck.specOf(cache).getNetwork();
    return DeployEnabledCondition.deploys(cache)
        && (network == null || !Boolean.FALSE.equals(network.getPolicy()));
  }

  @Override
  public boolean isMet(
      DependentResource<Object, OrasCache> dependentResource,
      OrasCache cache,
      Context<OrasCache> context) {
    return wanted(cache);
  }
}
