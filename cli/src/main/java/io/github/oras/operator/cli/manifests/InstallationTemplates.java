package io.github.oras.operator.cli.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The installation's fixed parts, one YAML template resource per object next to this class; code
 * only places them in the chosen namespace and fills in what the options decide.
 */
final class InstallationTemplates {
  /** A template resource and the model class it reads into. */
  record Template(String file, Class<? extends HasMetadata> type) {}

  /** In the order kustomization.yaml lists them. */
  static final List<Template> ALL =
      List.of(
          new Template("namespace.yaml", Namespace.class),
          new Template("service-account.yaml", ServiceAccount.class),
          new Template("cluster-role.yaml", ClusterRole.class),
          new Template("cluster-role-binding.yaml", ClusterRoleBinding.class),
          new Template("role.yaml", Role.class),
          new Template("role-binding.yaml", RoleBinding.class),
          new Template("config-map.yaml", ConfigMap.class),
          new Template("deployment.yaml", Deployment.class),
          new Template("service.yaml", io.fabric8.kubernetes.api.model.Service.class),
          new Template("mutating-webhook-configuration.yaml", MutatingWebhookConfiguration.class));

  static final String CONFIG_FILE = "injector.yaml";
  private static final String POLICIES = "POLICIES";

  private InstallationTemplates() {}

  /** A fresh copy of the template's object, read from its resource. */
  static HasMetadata load(Template template, KubernetesSerialization yaml) {
    try (InputStream in = InstallationTemplates.class.getResourceAsStream(template.file())) {
      if (in == null) {
        throw new IllegalStateException("the cli jar has no template " + template.file());
      }
      return yaml.unmarshal(in, template.type());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the template " + template.file(), e);
    }
  }

  /**
   * Puts a namespaced object, and the service accounts a binding names, into the operator's
   * namespace; the Namespace itself takes its name.
   */
  static HasMetadata placed(HasMetadata object, ManifestOptions options) {
    if (object instanceof Namespace) {
      object.getMetadata().setName(options.namespace());
    } else if (object.getMetadata().getNamespace() != null) {
      object.getMetadata().setNamespace(options.namespace());
    }
    List<Subject> subjects = List.of();
    if (object instanceof ClusterRoleBinding binding) {
      subjects = binding.getSubjects();
    } else if (object instanceof RoleBinding binding) {
      subjects = binding.getSubjects();
    }
    subjects.forEach(subject -> subject.setNamespace(options.namespace()));
    return object;
  }

  /** The configuration file lists the active policies, in order. */
  static void configure(ConfigMap config, ManifestOptions options) {
    String text = config.getData().get(CONFIG_FILE);
    config.getData().put(CONFIG_FILE, text.replace(POLICIES, String.join(", ", options.levels())));
  }

  static void configure(Deployment deployment, ManifestOptions options) {
    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(options.image());
  }
}
