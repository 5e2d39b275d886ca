package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheNetwork;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator works with exactly the RBAC that deploy/ installs. The mock API server has no
 * authorizer, so every request the operator sends while caches go through every path of the
 * reconciler (create, auth and upload Secrets, storage change, policy switched off, switch to a
 * remote registry, an invalid spec) is checked against deploy/cluster-role.yaml and
 * deploy/role.yaml, as the API server would; and every resource they grant must have been used.
 */
class RbacCoverageIT extends CacheOperatorIT {
  static final Path DEPLOY = Path.of("..", "deploy");
  static final String OPERATOR_NAMESPACE = "oras-operator";
  static final String TEST_USER_AGENT = "rbac-coverage-test-user";

  private final KubernetesSerialization yaml = new KubernetesSerialization();
  private KubernetesClient user;

  @Override
  OperatorSettings settings() {
    return super.settings().withLeaderElection("oras-operator-leader", OPERATOR_NAMESPACE);
  }

  /** What the API server answers the SDK's Lease check for deploy/role.yaml (see its rules). */
  @Override
  void beforeStart() {
    var review =
        new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules()
            .endStatus()
            .build();
    for (PolicyRule rule : role().getRules()) {
      review
          .getStatus()
          .getResourceRules()
          .add(
              new io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder()
                  .withApiGroups(rule.getApiGroups())
                  .withResources(rule.getResources())
                  .withVerbs(rule.getVerbs())
                  .build());
    }
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  /** The test acts as a user with its own client, told apart from the operator by user agent. */
  @BeforeEach
  void userClient() {
    user =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(TEST_USER_AGENT).build())
            .build();
  }

  @AfterEach
  void closeUserClient() {
    user.close();
  }

  @Test
  void everyCallTheOperatorMakesIsGrantedAndEveryGrantIsUsed() throws Exception {
    exerciseEveryPath();

    List<ApiCall> calls = operatorCalls();
    assertThat(calls)
        .extracting(call -> call.verb() + " " + call.resource())
        .as("the recorded calls of the operator")
        .contains(
            "create networkpolicies",
            "delete networkpolicies",
            "delete statefulsets",
            "patch orascaches/status",
            "create events",
            "patch leases");
    List<PolicyRule> clusterWide = clusterRole().getRules();
    List<PolicyRule> inOperatorNamespace = role().getRules();
    List<ApiCall> denied =
        calls.stream()
            .filter(call -> !allowed(call, clusterWide, inOperatorNamespace))
            .distinct()
            .toList();
    assertThat(denied).as("calls the rendered RBAC does not allow").isEmpty();

    List<PolicyRule> unused = new ArrayList<>();
    for (PolicyRule rule : concat(clusterWide, inOperatorNamespace)) {
      if (calls.stream().noneMatch(call -> call.allowedBy(rule))) {
        unused.add(rule);
      }
    }
    assertThat(unused).as("rules no call of the operator needed").isEmpty();
    assertThat(calls)
        .as("the operator never touches a Secret")
        .noneMatch(call -> call.resource().startsWith("secrets"));
  }

  private void exerciseEveryPath() {
    OrasCache full = TestCaches.withAuth(TestCaches.cache(NS, "full"), "users");
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp("upload-key");
    full.getSpec().setSecrets(secrets);
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(List.of("ingress-nginx"));
    full.getSpec().setNetwork(network);
    user.resource(full).create();
    user.resource(TestCaches.cache(NS, "plain")).create();
    OrasCache bad = TestCaches.cache(NS, "bad");
    bad.getSpec().setImage("Not An Image");
    user.resource(bad).create();
    awaitCondition("bad", CacheConditions.DEGRADED, "True", SpecProblem.INVALID_IMAGE);
    await("NetworkPolicy of full", () -> networkPolicy("full"), p -> true);
    awaitStatefulSet("plain");

    userEdit("full", c -> TestCaches.withStorage(c, "2Gi"));
    await(
        "StatefulSet of full with a claim",
        () -> statefulSet("full"),
        s ->
            s.getSpec().getVolumeClaimTemplates() != null
                && !s.getSpec().getVolumeClaimTemplates().isEmpty());
    userEdit("full", c -> c.getSpec().getNetwork().setPolicy(false));
    await("NetworkPolicy of full deleted", () -> networkPolicy("full") == null, gone -> gone);
    userEdit("plain", c -> c.getSpec().setDeploy(false));
    await("StatefulSet of plain deleted", () -> statefulSet("plain") == null, gone -> gone);
    awaitCondition("plain", CacheConditions.READY, "True", CacheConditions.REMOTE_REGISTRY);
    // The webhook's cache directory (cli) watches caches in every namespace with the same identity:
    // the same informer calls (list, then watch).
    try (var caches = client.resources(OrasCache.class).inAnyNamespace().inform()) {
      await("the OrasCache informer synced", caches::hasSynced, synced -> synced);
    }
  }

  /** The test's own reads go through the user's client, so they are not counted. */
  @Override
  OrasCache get(String name) {
    return user.resources(OrasCache.class).inNamespace(NS).withName(name).get();
  }

  @Override
  io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(String name) {
    return user.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private void userEdit(String name, java.util.function.Consumer<OrasCache> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        user.resources(OrasCache.class)
            .inNamespace(NS)
            .withName(name)
            .edit(
                c -> {
                  change.accept(c);
                  return c;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy networkPolicy(String name) {
    return user.network().v1().networkPolicies().inNamespace(NS).withName(name).get();
  }

  /** Every resource request the mock server saw, except the test's own and the CRD set-up. */
  private List<ApiCall> operatorCalls() throws InterruptedException {
    List<ApiCall> calls = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String agent = request.getHeader("User-Agent");
      if (TEST_USER_AGENT.equals(agent)
          || request.getPath().startsWith("/apis/apiextensions.k8s.io/")) {
        continue;
      }
      Optional<ApiCall> call = ApiCall.of(request.getMethod(), request.getPath());
      if (call.isPresent()) {
        calls.add(call.get());
      }
    }
    return calls;
  }

  /**
   * As the API server authorizes: the ClusterRole anywhere, the Role only in its namespace. The
   * SelfSubjectRulesReview the SDK sends is granted to every authenticated user
   * (system:basic-user).
   */
  private static boolean allowed(
      ApiCall call, List<PolicyRule> clusterWide, List<PolicyRule> inOperatorNamespace) {
    if (call.group().equals("authorization.k8s.io")
        && call.resource().equals("selfsubjectrulesreviews")) {
      return true;
    }
    return clusterWide.stream().anyMatch(call::allowedBy)
        || (call.namespace().filter(OPERATOR_NAMESPACE::equals).isPresent()
            && inOperatorNamespace.stream().anyMatch(call::allowedBy));
  }

  private ClusterRole clusterRole() {
    return read("cluster-role.yaml", ClusterRole.class);
  }

  private Role role() {
    Role role = read("role.yaml", Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(OPERATOR_NAMESPACE);
    return role;
  }

  private <T> T read(String file, Class<T> type) {
    try {
      return yaml.unmarshal(Files.readString(DEPLOY.resolve(file)), type);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("deploy/" + file + " is missing", e);
    }
  }

  private static List<PolicyRule> concat(List<PolicyRule> a, List<PolicyRule> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
  }
}
