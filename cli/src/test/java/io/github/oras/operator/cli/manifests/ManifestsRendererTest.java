package io.github.oras.operator.cli.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.oras.operator.engine.ImageReferences;
import io.github.oras.operator.engine.PolicyCatalog;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The rendered objects, read back with fabric8: rules follow the chosen levels, the rest is fixed.
 */
class ManifestsRendererTest {
  final KubernetesSerialization yaml = new KubernetesSerialization();
  final PolicyCatalog catalog = PolicyCatalog.discover(getClass().getClassLoader());

  Map<String, String> render(ManifestOptions options) {
    return new ManifestsRenderer()
        .render(
            options,
            catalog,
            new TreeMap<>(Map.of("orascaches.yaml", "kind: CustomResourceDefinition\n")));
  }

  MutatingWebhook webhook(ManifestOptions options) {
    return yaml.unmarshal(
            render(options).get("mutating-webhook-configuration.yaml"),
            MutatingWebhookConfiguration.class)
        .getWebhooks()
        .get(0);
  }

  @Test
  void rulesMatchExactlyTheChosenLevelsKinds() {
    ManifestOptions jobOnly = ManifestOptions.defaults().withLevels(List.of("test-job"));
    MutatingWebhook webhook = webhook(jobOnly);

    assertThat(webhook.getRules()).hasSize(1);
    assertThat(webhook.getRules().get(0).getApiGroups()).containsExactly("batch");
    assertThat(webhook.getRules().get(0).getApiVersions()).containsExactly("v1");
    assertThat(webhook.getRules().get(0).getResources()).containsExactly("jobs");
    assertThat(webhook.getRules().get(0).getOperations()).containsExactly("CREATE");

    MutatingWebhook both =
        webhook(ManifestOptions.defaults().withLevels(List.of("test-pod", "test-job")));
    assertThat(both.getRules())
        .extracting(rule -> rule.getResources().get(0))
        .containsExactly("pods", "jobs");
  }

  @Test
  void webhookIsOptInCreateOnlyAndShort() {
    MutatingWebhook webhook =
        webhook(
            ManifestOptions.defaults().withLevels(List.of("test-pod")).withFailurePolicy("Ignore"));

    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(webhook.getTimeoutSeconds()).isBetween(1, 10);
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getNamespaceSelector().getMatchLabels())
        .containsExactly(
            Map.entry("oras.converged-computing.github.io/cache-injection", "enabled"));
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
  }

  @Test
  void caBundleIsBase64OfThePem() {
    String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    MutatingWebhook webhook =
        webhook(ManifestOptions.defaults().withLevels(List.of("test-pod")).withCaBundle(pem));
    assertThat(
            new String(
                java.util.Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle())))
        .isEqualTo(pem);
  }

  @Test
  void rbacGrantsOnlyWhatTheReconcilerUses() {
    Map<String, String> files = render(ManifestOptions.defaults().withLevels(List.of("test-pod")));
    ClusterRole role = yaml.unmarshal(files.get("cluster-role.yaml"), ClusterRole.class);

    assertThat(role.getRules())
        .extracting(rule -> rule.getApiGroups().get(0) + "/" + rule.getResources().get(0))
        .containsExactly(
            "cache.converged-computing.github.io/orascaches",
            "cache.converged-computing.github.io/orascaches/status",
            "apps/statefulsets",
            "/services",
            "networking.k8s.io/networkpolicies",
            "/events");
    assertThat(role.getRules())
        .noneMatch(rule -> rule.getVerbs().contains("*") || rule.getResources().contains("*"));
    assertThat(role.getRules())
        .filteredOn(rule -> rule.getResources().contains("orascaches"))
        .singleElement()
        .satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch"));
    assertThat(role.getRules())
        .filteredOn(rule -> rule.getResources().contains("networkpolicies"))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getVerbs())
                    .containsExactly(
                        "get", "list", "watch", "create", "update", "patch", "delete"));
  }

  /** Leader election needs Leases in the operator's namespace only: a Role, not the ClusterRole. */
  @Test
  void leasesAreGrantedInTheOperatorsNamespaceOnly() {
    ManifestOptions options = ManifestOptions.defaults().withLevels(List.of("test-pod"));
    Map<String, String> files = render(options);
    Role role = yaml.unmarshal(files.get("role.yaml"), Role.class);
    RoleBinding binding = yaml.unmarshal(files.get("role-binding.yaml"), RoleBinding.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(options.namespace());
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(rule.getResources()).containsExactly("leases");
              // patch: fabric8's Lease lock renews with a patch; update: the SDK checks for it.
              assertThat(rule.getVerbs()).containsExactly("get", "create", "update", "patch");
            });
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(options.namespace());
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getName()).isEqualTo("oras-operator");
              assertThat(subject.getNamespace()).isEqualTo(options.namespace());
            });
  }

  @Test
  void deploymentRunsServeWithProbesOverHttpsAndARestrictedContext() {
    Deployment deployment =
        yaml.unmarshal(
            render(ManifestOptions.defaults().withLevels(List.of("test-pod")))
                .get("deployment.yaml"),
            Deployment.class);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo(ImageReferences.BUILD.operator());
    assertThat(container.getArgs()).startsWith("serve");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
  }

  @Test
  void kustomizationListsEveryFileIncludingTheCrdCopies() {
    Map<String, String> files = render(ManifestOptions.defaults().withLevels(List.of("test-pod")));
    String kustomization = files.get(ManifestsRenderer.KUSTOMIZATION);

    files.keySet().stream()
        .filter(name -> !name.equals(ManifestsRenderer.KUSTOMIZATION))
        .forEach(name -> assertThat(kustomization).contains("- \"" + name + "\""));
    assertThat(files).containsEntry("orascaches.yaml", "kind: CustomResourceDefinition\n");
  }

  @Test
  void badOptionsAreRefusedWithTheOptionNamed() {
    assertThatThrownBy(() -> ManifestOptions.defaults().withFailurePolicy("Sometimes"))
        .hasMessageContaining("--failure-policy");
    assertThatThrownBy(() -> ManifestOptions.parseSelector("enabled"))
        .hasMessageContaining("\"enabled\" is not key=value");
    assertThatThrownBy(() -> render(ManifestOptions.defaults().withLevels(List.of("cronjob"))))
        .hasMessageContaining("unknown policy \"cronjob\"");
  }

  /**
   * The fixed parts are templates written for the default namespace: rendered for another, every
   * namespaced object, binding subject and reference to the namespace moves with it.
   */
  @Test
  void everyTemplateIsPlacedInTheChosenNamespace() {
    ManifestOptions options =
        new ManifestOptions(
            List.of("test-job"),
            Map.of("team", "a"),
            java.util.Optional.empty(),
            "Fail",
            "team-a",
            "registry.example/operator:1");
    Map<String, String> files = render(options);

    for (InstallationTemplates.Template template : InstallationTemplates.ALL) {
      assertThat(files.get(template.file()))
          .as(template.file())
          .doesNotContain("namespace: \"oras-operator\"")
          .doesNotContain("POLICIES")
          .doesNotContain("IMAGE");
    }
    assertThat(files.get("namespace.yaml")).contains("name: \"team-a\"");
    assertThat(files.get("config-map.yaml")).contains("policies: [test-job]\n");
    assertThat(files.get("deployment.yaml")).contains("image: \"registry.example/operator:1\"");
    assertThat(files.get("mutating-webhook-configuration.yaml"))
        .contains("cert-manager.io/inject-ca-from: \"team-a/oras-operator-webhook\"");
    ClusterRoleBinding binding =
        yaml.unmarshal(files.get("cluster-role-binding.yaml"), ClusterRoleBinding.class);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(subject -> assertThat(subject.getNamespace()).isEqualTo("team-a"));
  }

  @Test
  void theClusterRoleTemplateNamesTheCrdsGroup() {
    ClusterRole role =
        yaml.unmarshal(
            render(ManifestOptions.defaults().withLevels(List.of("test-pod")))
                .get("cluster-role.yaml"),
            ClusterRole.class);
    assertThat(role.getRules().get(0).getApiGroups())
        .containsExactly(io.github.oras.operator.api.crd.OrasCache.GROUP);
  }

  @Test
  void pluralsFollowKubernetesResourceNames() {
    assertThat(WebhookConfigurationRenderer.plural("Pod")).isEqualTo("pods");
    assertThat(WebhookConfigurationRenderer.plural("JobSet")).isEqualTo("jobsets");
    assertThat(WebhookConfigurationRenderer.plural("NetworkPolicy")).isEqualTo("networkpolicies");
    assertThat(WebhookConfigurationRenderer.plural("Ingress")).isEqualTo("ingresses");
  }
}
