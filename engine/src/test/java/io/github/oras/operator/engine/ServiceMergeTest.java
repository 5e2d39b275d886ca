package io.github.oras.operator.engine;

import static io.github.oras.operator.engine.MutationEngineTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.api.CacheNetwork;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three service merge strategies, end to end through the Pod, Job and JobSet policies. */
class ServiceMergeTest {
  private static final PolicyCatalog CATALOG =
      PolicyCatalog.discover(ServiceMergeTest.class.getClassLoader());

  /** A namespace with two deployed caches, "cache" and "other". */
  private static final CacheResolver TWO_CACHES =
      (namespace, name) ->
          name.equals("cache") || name.equals("other")
              ? new CacheLookup.Deployed(
                  name + "-0." + name + "." + namespace + ".svc.cluster.local:5000",
                  name,
                  Optional.empty(),
                  true)
              : new CacheLookup.NotFound();

  private static MutationEngine engine(String strategy) {
    return MutationEngine.create(
        InjectorConfig.defaults().withServiceMerge(strategy), CATALOG, TWO_CACHES);
  }

  private static final String ANNOTATIONS =
      """
          oras.converged-computing.github.io/oras-cache: cache
          oras.converged-computing.github.io/output-uri: data/out:v1
          oras.converged-computing.github.io/output-path: out.txt
      """;

  static String job(String podSpecExtra) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: step
          namespace: lab
          annotations:
        %s
        spec:
          template:
            spec:
              restartPolicy: Never
        %s
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'date > out.txt']
        """
        .formatted(indent(ANNOTATIONS, 4), indent(podSpecExtra, 6));
  }

  static String pod(String metadataExtra, String specExtra) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: one
          namespace: lab
        %s
          annotations:
        %s
        spec:
          restartPolicy: Never
        %s
          containers:
          - name: app
            image: busybox
            command: [sh, -c, 'date > out.txt']
        """
        .formatted(indent(metadataExtra, 2), indent(ANNOTATIONS, 4), indent(specExtra, 2));
  }

  static String jobSet(String networkExtra) {
    return """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: sim
          namespace: lab
          annotations:
        %s
        spec:
          network:
        %s
          replicatedJobs:
          - name: solver
            replicas: 1
            template:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: app
                      image: busybox
                      command: [sh, -c, 'date > out.txt']
        """
        .formatted(indent(ANNOTATIONS, 4), indent(networkExtra, 4));
  }

  private static String indent(String text, int spaces) {
    // Every snippet here is a flat list of keys.
    return String.join(
        "\n",
        text.lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .map(line -> " ".repeat(spaces) + line)
            .toList());
  }

  private static JsonNode patched(MutationOutcome outcome, String source) {
    assertThat(outcome).as(outcome.toString()).isInstanceOf(MutationOutcome.Patched.class);
    return Patches.apply(((MutationOutcome.Patched) outcome).patch(), yaml(source));
  }

  // keep

  @Test
  void keepWarnsWhenAJobsSubdomainIsTheCachesService() {
    String source = job("subdomain: cache");
    MutationOutcome outcome = engine("keep").mutate(yaml(source), "lab");

    assertThat(outcome.warnings())
        .singleElement()
        .asString()
        .contains("subdomain (headless service) \"cache\" is the name of an OrasCache's Service")
        .contains("rename the workload's service")
        .contains("serviceMerge: cache-subdomain");
    JsonNode job = patched(outcome, source);
    assertThat(job.at("/spec/template/metadata/labels").isMissingNode()).isTrue();
  }

  @Test
  void keepWarnsWhenAJobSetsNetworkIsAnotherCachesService() {
    MutationOutcome outcome = engine("keep").mutate(yaml(jobSet("subdomain: other")), "lab");

    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    assertThat(outcome.warnings()).singleElement().asString().contains("\"other\" is the name");
  }

  @Test
  void keepIsSilentForAWorkloadsOwnService() {
    assertThat(engine("keep").mutate(yaml(jobSet("enableDNSHostnames: true")), "lab").warnings())
        .isEmpty();
    assertThat(engine("keep").mutate(yaml(pod("", "subdomain: mpi")), "lab").warnings()).isEmpty();
  }

  // cache-subdomain

  @Test
  void cacheSubdomainPutsAJobsPodsInTheCachesServiceWithTheLabelItSelects() {
    String source = job("");
    JsonNode job = patched(engine("cache-subdomain").mutate(yaml(source), "lab"), source);

    assertThat(job.at("/spec/template/spec/subdomain").asText()).isEqualTo("cache");
    assertThat(job.at("/spec/template/metadata/labels").get(CacheNetwork.MEMBER_LABEL).asText())
        .isEqualTo("cache");
  }

  @Test
  void cacheSubdomainKeepsAPodsOwnLabels() {
    String source = pod("labels: {app: one}", "");
    JsonNode pod = patched(engine("cache-subdomain").mutate(yaml(source), "lab"), source);

    assertThat(pod.at("/metadata/labels/app").asText()).isEqualTo("one");
    assertThat(pod.at("/metadata/labels").get(CacheNetwork.MEMBER_LABEL).asText())
        .isEqualTo("cache");
    assertThat(pod.at("/spec/subdomain").asText()).isEqualTo("cache");
  }

  @Test
  void cacheSubdomainLetsAJobSetNamedForTheCacheJoinIt() {
    String source = jobSet("subdomain: cache");
    JsonNode jobSet = patched(engine("cache-subdomain").mutate(yaml(source), "lab"), source);
    JsonNode template = jobSet.at("/spec/replicatedJobs/0/template/spec/template");

    assertThat(template.at("/metadata/labels").get(CacheNetwork.MEMBER_LABEL).asText())
        .isEqualTo("cache");
    assertThat(template.at("/spec/subdomain").asText()).isEqualTo("cache");
  }

  @Test
  void cacheSubdomainJoinsAJobSetWithoutHostnames() {
    String source = jobSet("enableDNSHostnames: false");
    JsonNode jobSet = patched(engine("cache-subdomain").mutate(yaml(source), "lab"), source);

    assertThat(jobSet.at("/spec/replicatedJobs/0/template/spec/template/spec/subdomain").asText())
        .isEqualTo("cache");
  }

  @Test
  void cacheSubdomainLeavesAJobSetsOwnServiceWithAWarning() {
    String source = jobSet("enableDNSHostnames: true");
    MutationOutcome outcome = engine("cache-subdomain").mutate(yaml(source), "lab");
    JsonNode template =
        patched(outcome, source).at("/spec/replicatedJobs/0/template/spec/template");

    assertThat(outcome.warnings()).singleElement().asString().contains("own subdomain \"sim\"");
    assertThat(template.at("/metadata/labels").isMissingNode()).isTrue();
    assertThat(template.at("/spec/subdomain").isMissingNode()).isTrue();
  }

  // fail-on-conflict

  @Test
  void failOnConflictDeniesAPodInAnotherCachesService() {
    MutationOutcome outcome =
        engine("fail-on-conflict").mutate(yaml(pod("", "subdomain: other")), "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("\"other\" is the name of an OrasCache's Service")
        .contains("fail-on-conflict refuses it");
  }

  @Test
  void failOnConflictDeniesAJobInItsCachesService() {
    assertThat(engine("fail-on-conflict").mutate(yaml(job("subdomain: cache")), "lab"))
        .isInstanceOf(MutationOutcome.Rejected.class);
  }

  @Test
  void failOnConflictAdmitsAJobSetWithItsOwnService() {
    String source = jobSet("enableDNSHostnames: true");
    MutationOutcome outcome = engine("fail-on-conflict").mutate(yaml(source), "lab");

    assertThat(outcome.warnings()).isEmpty();
    assertThat(
            patched(outcome, source)
                .at("/spec/replicatedJobs/0/template/spec/template/spec/subdomain")
                .isMissingNode())
        .isTrue();
  }

  @Test
  void injectWithoutAClusterKnowsOnlyTheWorkloadsOwnCache() {
    MutationEngine offline =
        MutationEngine.create(InjectorConfig.defaults(), CATALOG, CacheResolver.byConvention());

    assertThat(offline.mutate(yaml(pod("", "subdomain: mpi")), "lab").warnings()).isEmpty();
    assertThat(offline.mutate(yaml(pod("", "subdomain: cache")), "lab").warnings()).hasSize(1);
  }
}
