package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import org.junit.jupiter.api.Test;

class RegistryStatefulSetShapeTest {

  @Test
  void runsOneRegistryOnPort5000UnderTheRestrictedPodSecurityStandard() {
    StatefulSet set = RegistryStatefulSetShape.render(TestCaches.cache("team", "artifacts"));
    PodSpec pod = set.getSpec().getTemplate().getSpec();
    Container registry = pod.getContainers().get(0);

    assertThat(set.getMetadata().getName()).isEqualTo("artifacts");
    assertThat(set.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(set.getSpec().getReplicas()).isEqualTo(1);
    assertThat(registry.getPorts().get(0).getContainerPort()).isEqualTo(OrasCache.REGISTRY_PORT);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(registry.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(registry.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(registry.getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(registry.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(pod.getEnableServiceLinks()).isFalse();
    assertThat(registry.getLivenessProbe().getTcpSocket()).isNotNull();
  }

  @Test
  void withoutStorageTheDataIsAnEmptyDirAndReadinessAsksTheApi() {
    StatefulSet set = RegistryStatefulSetShape.render(TestCaches.cache("team", "artifacts"));
    PodSpec pod = set.getSpec().getTemplate().getSpec();

    assertThat(set.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(RegistryStatefulSetShape.DATA_VOLUME))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(pod.getContainers().get(0).getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/v2/");
  }

  @Test
  void storageBecomesAClaimTemplateOfTheRequestedSizeAndClass() {
    OrasCache cache = TestCaches.withStorage(TestCaches.cache("team", "artifacts"), "50Gi");
    cache.getSpec().getStorage().setStorageClassName("fast");
    StatefulSet set = RegistryStatefulSetShape.render(cache);

    assertThat(set.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            claim -> {
              assertThat(claim.getMetadata().getName())
                  .isEqualTo(RegistryStatefulSetShape.DATA_VOLUME);
              assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
              assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
              assertThat(claim.getSpec().getResources().getRequests())
                  .containsEntry("storage", new Quantity("50Gi"));
            });
    assertThat(set.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .doesNotContain(RegistryStatefulSetShape.DATA_VOLUME);
  }

  @Test
  void authConfiguresHtpasswdFromTheMountedSecretAndProbesTheSocket() {
    OrasCache cache = TestCaches.withAuth(TestCaches.cache("team", "artifacts"), "users");
    PodSpec pod = RegistryStatefulSetShape.render(cache).getSpec().getTemplate().getSpec();
    Container registry = pod.getContainers().get(0);

    assertThat(registry.getEnv())
        .contains(
            new EnvVar("REGISTRY_AUTH", "htpasswd", null),
            new EnvVar("REGISTRY_AUTH_HTPASSWD_PATH", "/etc/registry-auth/htpasswd", null))
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("REGISTRY_AUTH_HTPASSWD_REALM"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(RegistryStatefulSetShape.AUTH_VOLUME))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("users"));
    assertThat(registry.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/registry-auth");
              assertThat(m.getReadOnly()).isTrue();
            });
    // /v2/ answers 401 with auth, so readiness falls back to the TCP check.
    assertThat(registry.getReadinessProbe().getHttpGet()).isNull();
    assertThat(registry.getReadinessProbe().getTcpSocket()).isNotNull();
  }

  /** The upload-signing key comes from the Secret through the kubelet, never as a literal. */
  @Test
  void theHttpSecretIsReadFromTheNamedSecret() {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp("upload-key");
    cache.getSpec().setSecrets(secrets);

    Container registry =
        RegistryStatefulSetShape.render(cache)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    assertThat(registry.getEnv())
        .filteredOn(e -> e.getName().equals("REGISTRY_HTTP_SECRET"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("upload-key");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                  .isEqualTo("REGISTRY_HTTP_SECRET");
              assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
            });
    assertThat(
            RegistryStatefulSetShape.render(TestCaches.cache("team", "artifacts"))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .noneMatch(e -> e.getName().equals("REGISTRY_HTTP_SECRET"));
  }

  @Test
  void everyVolumeMountHasAVolumeOrClaim() {
    OrasCache cache =
        TestCaches.withAuth(
            TestCaches.withStorage(TestCaches.cache("team", "artifacts"), "1Gi"), "u");
    StatefulSet set = RegistryStatefulSetShape.render(cache);
    var names =
        new java.util.HashSet<>(
            set.getSpec().getTemplate().getSpec().getVolumes().stream()
                .map(Volume::getName)
                .toList());
    set.getSpec().getVolumeClaimTemplates().forEach(c -> names.add(c.getMetadata().getName()));

    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .allSatisfy(m -> assertThat(names).contains(m.getName()));
  }
}
