package io.github.oras.operator.cli.manifests;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.MutationPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fills in the MutatingWebhookConfiguration template: CREATE of exactly the kinds the chosen
 * policies handle, and what the options decide.
 */
final class WebhookConfigurationRenderer {
  private WebhookConfigurationRenderer() {}

  static void configure(
      MutatingWebhookConfiguration configuration,
      ManifestOptions options,
      List<MutationPolicy> policies) {
    if (options.caBundle().isEmpty()) {
      configuration
          .getMetadata()
          .setAnnotations(
              Map.of(
                  "cert-manager.io/inject-ca-from",
                  options.namespace() + "/" + configuration.getMetadata().getName()));
    }
    MutatingWebhook webhook = configuration.getWebhooks().get(0);
    webhook.setFailurePolicy(options.failurePolicy());
    webhook.setNamespaceSelector(
        new LabelSelectorBuilder().withMatchLabels(options.namespaceSelector()).build());
    webhook.setRules(rules(policies));
    webhook
        .getClientConfig()
        .setCaBundle(options.caBundle().map(WebhookConfigurationRenderer::base64).orElse(null));
    webhook.getClientConfig().getService().setNamespace(options.namespace());
  }

  /** One rule per kind, in policy order; a kind two policies share appears once. */
  static List<RuleWithOperations> rules(List<MutationPolicy> policies) {
    Set<GroupVersionKind> kinds = new LinkedHashSet<>();
    policies.forEach(
        policy ->
            policy.kinds().stream()
                .sorted(java.util.Comparator.comparing(GroupVersionKind::toString))
                .forEach(kinds::add));
    return kinds.stream()
        .map(
            kind ->
                new RuleWithOperationsBuilder()
                    .withApiGroups(kind.group())
                    .withApiVersions(kind.version())
                    .withResources(plural(kind.kind()))
                    .withOperations("CREATE")
                    .withScope("Namespaced")
                    .build())
        .toList();
  }

  /**
   * The resource name of a kind by the usual English rule (Pod → pods, JobSet → jobsets, Policy →
   * policies).
   */
  static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")
        || lower.endsWith("x")
        || lower.endsWith("ch")
        || lower.endsWith("sh")) {
      return lower + "es";
    }
    if (lower.endsWith("y")
        && lower.length() > 1
        && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
