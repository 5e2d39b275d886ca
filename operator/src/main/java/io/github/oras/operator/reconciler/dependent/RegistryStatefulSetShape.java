package io.github.oras.operator.reconciler.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheAuth;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStorage;
import io.github.oras.operator.reconciler.CacheLabels;
import io.github.oras.operator.reconciler.SpecCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The StatefulSet that runs a cache's registry: statefulset.yaml with names, labels, image, storage
 * and auth filled in from the cache. Pure; call only with a spec that {@link SpecCheck} accepts.
 */
public final class RegistryStatefulSetShape {
  public static final String CONTAINER = "registry";
  public static final String DATA_VOLUME = "data";
  public static final String AUTH_VOLUME = "auth";
  public static final String AUTH_DIR = "/etc/registry-auth";

  /** The key of the htpasswd Secret that holds the htpasswd file. */
  public static final String HTPASSWD_KEY = "htpasswd";

  /**
   * The registry's variable for the key that signs upload state, and the key of the Secret named by
   * spec.secrets.registryHttp that holds it.
   */
  public static final String HTTP_SECRET = "REGISTRY_HTTP_SECRET";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RegistryStatefulSetShape() {}

  public static StatefulSet render(OrasCache cache) {
    StatefulSet set = template();
    String name = cache.getMetadata().getName();
    set.getMetadata().setName(name);
    set.getMetadata().setNamespace(cache.getMetadata().getNamespace());
    set.getMetadata().setLabels(CacheLabels.owned(cache));
    set.getSpec().setServiceName(name);
    set.getSpec().getSelector().setMatchLabels(CacheLabels.selector(cache));
    set.getSpec().getTemplate().getMetadata().setLabels(CacheLabels.registryPod(cache));
    PodSpec pod = set.getSpec().getTemplate().getSpec();
    Container registry = pod.getContainers().get(0);
    OrasCacheSpec spec = SpecCheck.specOf(cache);
    registry.setImage(SpecCheck.imageOf(spec));
    OrasCacheAuth auth = spec.getAuth();
    registry.setReadinessProbe(readiness(auth != null));
    if (auth != null) {
      addAuth(pod, registry, auth, name);
    }
    if (spec.getSecrets() != null && spec.getSecrets().getRegistryHttp() != null) {
      registry.getEnv().add(httpSecret(spec.getSecrets().getRegistryHttp()));
    }
    addStorage(set, pod, spec.getStorage(), cache);
    return set;
  }

  /**
   * Readiness: without auth, GET /v2/ answers 200 once the registry serves its API, the best proof
   * of readiness. With htpasswd auth /v2/ answers 401, which kubelet counts as a failure, and a
   * probe cannot carry credentials without putting a password in the pod spec; so then the probe
   * only checks that the port accepts connections.
   */
  static Probe readiness(boolean authEnabled) {
    var probe =
        new ProbeBuilder().withPeriodSeconds(5).withTimeoutSeconds(3).withFailureThreshold(3);
    IntOrString port = new IntOrString(CONTAINER);
    return authEnabled
        ? probe.withNewTcpSocket().withPort(port).endTcpSocket().build()
        : probe
            .withNewHttpGet()
            .withPath("/v2/")
            .withPort(port)
            .withScheme("HTTP")
            .endHttpGet()
            .build();
  }

  /**
   * REGISTRY_HTTP_SECRET read by the kubelet from the Secret, so the value never appears in the
   * StatefulSet. The reference is not optional: a missing Secret or key keeps the container from
   * starting (CreateContainerConfigError) rather than starting it with a random secret.
   */
  static EnvVar httpSecret(String secretName) {
    return new EnvVarBuilder()
        .withName(HTTP_SECRET)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(HTTP_SECRET)
        .withOptional(false)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static void addAuth(PodSpec pod, Container registry, OrasCacheAuth auth, String name) {
    registry.getEnv().add(new EnvVar("REGISTRY_AUTH", "htpasswd", null));
    registry.getEnv().add(new EnvVar("REGISTRY_AUTH_HTPASSWD_REALM", "oras-cache " + name, null));
    registry
        .getEnv()
        .add(new EnvVar("REGISTRY_AUTH_HTPASSWD_PATH", AUTH_DIR + "/" + HTPASSWD_KEY, null));
    registry
        .getVolumeMounts()
        .add(
            new VolumeMountBuilder()
                .withName(AUTH_VOLUME)
                .withMountPath(AUTH_DIR)
                .withReadOnly(true)
                .build());
    pod.getVolumes()
        .add(
            new VolumeBuilder()
                .withName(AUTH_VOLUME)
                .withNewSecret()
                .withSecretName(auth.getHtpasswdSecret())
                .addNewItem()
                .withKey(HTPASSWD_KEY)
                .withPath(HTPASSWD_KEY)
                .endItem()
                // Owner and fsGroup may read; nobody may write or execute.
                .withDefaultMode(0440)
                .endSecret()
                .build());
  }

  private static void addStorage(
      StatefulSet set, PodSpec pod, OrasCacheStorage storage, OrasCache cache) {
    if (storage == null) {
      pod.getVolumes()
          .add(new VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build());
      return;
    }
    set.getSpec().setVolumeClaimTemplates(List.of(claimTemplate(storage, cache)));
  }

  private static PersistentVolumeClaim claimTemplate(OrasCacheStorage storage, OrasCache cache) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(DATA_VOLUME)
        .withLabels(CacheLabels.selector(cache))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storage.getStorageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(storage.getSize())))
        .endResources()
        .endSpec()
        .build();
  }

  private static StatefulSet template() {
    try (InputStream yaml =
        RegistryStatefulSetShape.class.getResourceAsStream("statefulset.yaml")) {
      return SERIALIZATION.unmarshal(yaml, StatefulSet.class);
    } catch (IOException e) {
      throw new UncheckedIOException("statefulset.yaml is missing from the operator jar", e);
    }
  }
}
