package io.github.oras.operator.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An OCI registry that serves one namespace as an artifact cache. */
@Group(OrasCache.GROUP)
@Version(OrasCache.VERSION)
@Kind("OrasCache")
@ShortNames("oc")
@AdditionalPrinterColumn(name = "Deploy", jsonPath = ".spec.deploy", type = Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Registry", jsonPath = ".status.registry", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class OrasCache extends CustomResource<OrasCacheSpec, OrasCacheStatus>
    implements Namespaced {
  public static final String GROUP = "cache.converged-computing.github.io";
  public static final String VERSION = "v1alpha1";

  /** Port the registry listens on inside the cache pod. */
  public static final int REGISTRY_PORT = 5000;

  /**
   * The in-cluster address of a deployed cache's registry: pod {@code <name>-0} behind the headless
   * service {@code <name>}.
   */
  public static String inClusterAddress(String name, String namespace) {
    return name + "-0." + name + "." + namespace + ".svc.cluster.local:" + REGISTRY_PORT;
  }
}
