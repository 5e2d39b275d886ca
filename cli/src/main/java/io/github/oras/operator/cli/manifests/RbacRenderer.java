package io.github.oras.operator.cli.manifests;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.github.oras.operator.api.crd.OrasCache;
import java.util.List;
import java.util.Map;

/** The operator's identity and the least it may do: manage OrasCaches and what they own. */
final class RbacRenderer {
  static final String NAME = "oras-operator";
  static final String LEADER_ELECTION = "oras-operator-leader-election";
  private static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private RbacRenderer() {}

  static Namespace namespace(ManifestOptions options, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  static ServiceAccount serviceAccount(ManifestOptions options, Map<String, String> labels) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  static ClusterRole clusterRole(Map<String, String> labels) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withLabels(labels)
        .endMetadata()
        .withRules(
            // What the reconciler and the webhook call in every namespace, and nothing more:
            // caches are read and their status patched; the registry's StatefulSet, Service and
            // NetworkPolicy are managed; Degraded changes are recorded as core Events. No Secret
            // is read: the kubelet resolves the Secrets a registry pod names. Leases are in the
            // namespaced Role.
            rule(OrasCache.GROUP, "orascaches", "get", "list", "watch"),
            rule(OrasCache.GROUP, "orascaches/status", "patch"),
            rule("apps", "statefulsets", MANAGE.toArray(String[]::new)),
            rule("", "services", MANAGE.toArray(String[]::new)),
            rule("networking.k8s.io", "networkpolicies", MANAGE.toArray(String[]::new)),
            rule("", "events", "create"))
        .build();
  }

  /**
   * Leader election: the Lease lives in the operator's namespace, so only there. fabric8's lock
   * renews it with a patch; the SDK refuses to start unless it may also get, create and update.
   */
  static Role leaseRole(ManifestOptions options, Map<String, String> labels) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(LEADER_ELECTION)
        .withNamespace(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .withRules(rule("coordination.k8s.io", "leases", "get", "create", "update", "patch"))
        .build();
  }

  static RoleBinding leaseRoleBinding(ManifestOptions options, Map<String, String> labels) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(LEADER_ELECTION)
        .withNamespace(options.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(LEADER_ELECTION)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(NAME)
        .withNamespace(options.namespace())
        .endSubject()
        .build();
  }

  static ClusterRoleBinding clusterRoleBinding(
      ManifestOptions options, Map<String, String> labels) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withLabels(labels)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(NAME)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(NAME)
        .withNamespace(options.namespace())
        .endSubject()
        .build();
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }
}
