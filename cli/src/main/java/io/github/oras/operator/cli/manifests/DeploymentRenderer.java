package io.github.oras.operator.cli.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/**
 * The operator's Deployment (reconciler and webhook in one process), its Service and configuration.
 */
final class DeploymentRenderer {
  static final String SERVICE_NAME = "oras-operator-webhook";
  static final String TLS_SECRET = "oras-operator-webhook-tls";
  static final String CONFIG_MAP = "oras-operator-config";
  static final String CONFIG_FILE = "injector.yaml";
  static final int PORT = 8443;
  private static final String TLS_DIR = "/etc/oras-operator/tls";
  private static final String CONFIG_DIR = "/etc/oras-operator/config";

  private DeploymentRenderer() {}

  static ConfigMap configMap(ManifestOptions options, Map<String, String> labels) {
    String config =
        "# Which mutation policies are active, in order (the webhook configuration's rules match them).\n"
            + "policies: ["
            + String.join(", ", options.levels())
            + "]\n"
            + "# native: the push container is a native sidecar (Kubernetes 1.29 and later);\n"
            + "# container: a regular container beside the app, for older clusters.\n"
            + "sidecarMode: native\n";
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(CONFIG_MAP)
        .withNamespace(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .addToData(CONFIG_FILE, config)
        .build();
  }

  static Deployment deployment(
      ManifestOptions options, Map<String, String> labels, Map<String, String> selector) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(RbacRenderer.NAME)
        .withNamespace(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(RbacRenderer.NAME)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(options))
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName(TLS_SECRET)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(CONFIG_MAP)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(ManifestOptions options) {
    return new ContainerBuilder()
        .withName("operator")
        .withImage(options.image())
        .withArgs(
            "serve",
            "--port",
            String.valueOf(PORT),
            "--tls-cert",
            TLS_DIR + "/tls.crt",
            "--tls-key",
            TLS_DIR + "/tls.key",
            "--config",
            CONFIG_DIR + "/" + CONFIG_FILE)
        .addNewPort()
        .withName("https")
        .withContainerPort(PORT)
        .withProtocol("TCP")
        .endPort()
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue("-XX:MaxRAMPercentage=70")
        .endEnv()
        .withLivenessProbe(probe("/healthz"))
        .withReadinessProbe(probe("/readyz"))
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("384Mi"))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tls")
        .withMountPath(TLS_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .build();
  }

  private static Probe probe(String path) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("https"))
        .withScheme("HTTPS")
        .endHttpGet()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .build();
  }

  static Service service(
      ManifestOptions options, Map<String, String> labels, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(SERVICE_NAME)
        .withNamespace(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName("https")
        .withPort(443)
        .withTargetPort(new IntOrString("https"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
