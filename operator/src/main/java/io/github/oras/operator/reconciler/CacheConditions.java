package io.github.oras.operator.reconciler;

/** Condition types and reasons in an OrasCache's status. */
public final class CacheConditions {
  public static final String READY = "Ready";
  public static final String DEGRADED = "Degraded";

  public static final String REGISTRY_READY = "RegistryReady";
  public static final String REGISTRY_STARTING = "RegistryStarting";
  public static final String NOT_DEPLOYED = "NotDeployed";
  public static final String REMOTE_REGISTRY = "RemoteRegistry";
  public static final String SPEC_VALID = "SpecValid";
  public static final String RECONCILE_ERROR = "ReconcileError";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private CacheConditions() {}
}
